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

  // Connections served at once. One more is answered `503 unavailable` with Retry-After and
  // closed, so an overloaded server says so instead of leaving clients in the listen backlog.
  // Listen raises the process's open-file limit to its hard limit to make room for them.
  std::size_t max_connections = 1024;
  // Requests of the blocking pool (methods other than GET and HEAD) waiting for a free thread.
  // A request beyond blocking_threads + max_queued is answered `503 unavailable` at once.
  std::size_t max_queued = 2048;

  // HTTPS: PEM files of the certificate chain and of its private key. When both are set the
  // server speaks TLS only (1.2 or later); the handshake must finish within read_timeout.
  std::string tls_cert_file;
  std::string tls_key_file;
};

// Every response carries these (a handler's own header of the same name wins):
// Content-Security-Policy, X-Content-Type-Options, Referrer-Policy, X-Frame-Options, and with TLS
// Strict-Transport-Security.
//
// Request::secure is true on a TLS connection, and also when the request carries
// `X-Forwarded-Proto: https`: that header is trusted as set by a TLS-terminating proxy in front,
// so a server reachable directly by clients should not rely on it.

// Loads the TLS certificate and key of `options` as Listen would and discards them, so a caller
// can refuse a bad configuration before any other start-up work. OK when TLS is not configured.
// kInvalidArgument naming the file, e.g. "cannot read TLS key /etc/rapport/key.pem: No such
// file or directory", or naming the option when only one of the two files is set.
core::Status CheckTls(const ServerOptions& options);

class Server {
 public:
  // `handler` receives every request (the app passes Router::Dispatch plus auth).
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. On failure: kUnavailable, e.g.
  // "cannot listen on 127.0.0.1:8080: Address already in use", or CheckTls's error. Logs
  // "listening on http(s)://H:P".
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
