// The HTTP/1.1 server: Boost.Beast + Asio with C++20 coroutines, one io_context run by
// `threads` threads, one coroutine per connection on its own strand. Beast/Asio stay inside
// server.cpp (pimpl) so including this header is cheap.
//
// Thread safety: Listen, BoundPort and Run are called from the owning thread; Stop from any thread,
// including from inside a handler. Run may be called once per Server.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "http/request.hpp"

namespace rapport::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 = pick a free port (see BoundPort)
  // I/O threads running the io_context. GET and HEAD handlers run inline on them (reads are
  // short), so few threads (about one per core) serve reads fastest.
  int threads = 2;
  // Threads for every other method: their handlers may block on a durable commit, and the more
  // of them wait at once, the larger the group commit. The I/O threads stay free meanwhile.
  int blocking_threads = 16;
  std::size_t body_limit = 1 << 20;      // larger body -> 413, then close
  std::size_t header_limit = 16 * 1024;  // larger header block -> 431, then close
  // Whole-request deadline counted from the request's first byte: 408, then close.
  std::chrono::seconds read_timeout{10};
  // Keep-alive idle limit before the next request's first byte: close silently. Also bounds each
  // response write (a peer that stops reading for this long is dropped).
  std::chrono::seconds idle_timeout{30};
  std::size_t max_requests_per_connection = 10000;  // the last one gets Connection: close
  std::chrono::seconds drain_timeout{10};  // graceful shutdown deadline
};

class Server {
 public:
  // `handler` receives every request (the app passes Router::Dispatch plus auth).
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. On failure: kUnavailable, e.g.
  // "cannot listen on 127.0.0.1:8080: Address already in use". Logs "listening on http://H:P".
  core::Status Listen();

  // The port actually bound (useful with port 0); 0 before a successful Listen.
  unsigned short BoundPort() const;

  // Serves until SIGINT/SIGTERM or Stop(). Then: stops accepting, lets in-flight requests finish
  // (their responses carry Connection: close), closes idle keep-alive connections, waits at most
  // drain_timeout (then force-closes what is left) and returns. Blocks the caller, whose thread is
  // one of the `threads`. A handler that is still running at the deadline cannot be interrupted:
  // Run returns when it does. Returns at once if Listen did not succeed.
  void Run();

  // Begins the shutdown described above. Thread-safe, idempotent, callable before Run.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rapport::http
