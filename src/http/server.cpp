#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "http/error_response.hpp"

namespace rapport::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Strand = asio::strand<asio::io_context::executor_type>;
using Parser = bhttp::request_parser<bhttp::string_body>;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Before closing a connection we have stopped reading from (error, or unread pipelined bytes) we
// half-close and discard what the peer still sends, so the kernel does not answer it with a RST
// that could destroy our response before the peer reads it (the "lingering close" of nginx).
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerBytes = 8u << 20;
constexpr std::size_t kReadChunk = 16 * 1024;

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool IsHttpParseError(const beast::error_code& ec) {
  return &ec.category() == &bhttp::make_error_code(bhttp::error::bad_target).category();
}

void LogException(std::exception_ptr e, const char* what) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    spdlog::error("{}: {}", what, ex.what());
  } catch (...) {
    spdlog::error("{}: unknown exception", what);
  }
}

// One accepted connection. Everything but construction runs on the connection's strand; the
// strand-only fields are touched by the session coroutine and by handlers posted to that strand.
struct Connection : std::enable_shared_from_this<Connection> {
  Connection(tcp::socket socket, std::string remote, std::function<void(Connection*)> on_destroy)
      : stream(std::move(socket)),
        deadline(stream.get_executor()),
        remote_address(std::move(remote)),
        on_destroy_(std::move(on_destroy)) {}
  ~Connection() { on_destroy_(this); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  beast::tcp_stream stream;
  asio::steady_timer deadline;  // the read_timeout of the request being read
  std::string remote_address;
  // Strand-only state.
  bool idle = false;       // waiting for the next request's first byte
  bool lingering = false;  // discarding input before a close
  bool reading = false;    // deadline armed
  bool timed_out = false;  // deadline fired while reading
  std::uint64_t deadline_generation = 0;

 private:
  std::function<void(Connection*)> on_destroy_;
};

enum class ReadOutcome { kOk, kClose, kBadRequest, kTooLarge, kHeadersTooLarge, kTimeout };

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, Handler h)
      : options(std::move(o)),
        handler(std::move(h)),
        ioc(std::max(1, options.threads)),
        control(asio::make_strand(ioc)),
        acceptor(control),
        drain_timer(control) {}

  ~Impl() { destroying = true; }  // members below `ioc` go first, then ioc drops leftover sessions

  // ---- Declared before `ioc`: they must outlive the sessions the io_context may still own.
  ServerOptions options;
  Handler handler;
  std::atomic<bool> destroying{false};
  std::atomic<bool> draining{false};
  std::atomic<bool> stop_requested{false};
  std::atomic<unsigned short> bound_port{0};
  bool listening = false;  // owner thread only
  std::mutex mu;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;  // guarded by mu

  asio::io_context ioc;
  asio::thread_pool blocking_pool{static_cast<std::size_t>(std::max(1, options.blocking_threads))};
  // ---- Control strand: acceptor, signals and drain timer are only touched on it (or before Run).
  Strand control;
  tcp::acceptor acceptor;
  std::optional<asio::signal_set> signals;
  asio::steady_timer drain_timer;
  bool shutdown_started = false;  // control strand only

  core::Status Listen();
  void Run();
  void RunLoop();
  void BeginShutdown();
  void Unregister(Connection* c);

  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Session(std::shared_ptr<Connection> c);
  asio::awaitable<ReadOutcome> ReadRequest(Connection& c, beast::flat_buffer& buffer,
                                           Parser& parser, beast::error_code& error);
  void ArmDeadline(Connection& c);
  void DisarmDeadline(Connection& c);
  asio::awaitable<bool> Write(Connection& c, Response response, unsigned version, bool head,
                              bool keep_alive);
  asio::awaitable<void> Close(Connection& c, bool linger);
  Response Call(Request& req);
};

// ------------------------------------------------------------------------------------------------
// Listening, running, stopping.

core::Status Server::Impl::Listen() {
  const std::string where = options.host + ":" + std::to_string(options.port);
  auto fail = [&](const std::string& why) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return core::Fail(core::Error::Unavailable("cannot listen on " + where + ": " + why));
  };
  if (listening) return fail("already listening");

  beast::error_code ec;
  tcp::endpoint endpoint;
  const asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec) return fail(ec.message());
    if (results.empty()) return fail("host not found");
    endpoint = results.begin()->endpoint();
  }

  if (acceptor.open(endpoint.protocol(), ec); ec) return fail(ec.message());
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec) {
    return fail(ec.message());
  }
  if (acceptor.bind(endpoint, ec); ec) return fail(ec.message());
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return fail(ec.message());
  }
  const tcp::endpoint local = acceptor.local_endpoint(ec);
  if (ec) return fail(ec.message());

  bound_port = local.port();
  listening = true;
  const std::string shown = local.address().is_v6() ? "[" + local.address().to_string() + "]"
                                                     : local.address().to_string();
  spdlog::info("listening on http://{}:{}", shown, local.port());
  return {};
}

void Server::Impl::Run() {
  if (!listening) {
    spdlog::error("Server::Run called without a successful Listen");
    return;
  }
  signals.emplace(control, SIGINT, SIGTERM);
  signals->async_wait([this](const beast::error_code& ec, int signal_number) {
    if (ec) return;  // cancelled by shutdown
    spdlog::info("received signal {}", signal_number);
    stop_requested = true;
    BeginShutdown();
  });
  asio::co_spawn(control, AcceptLoop(),
                 [](std::exception_ptr e) { LogException(e, "accept loop failed"); });

  std::vector<std::thread> workers;
  for (int i = 1; i < options.threads; ++i) workers.emplace_back([this] { RunLoop(); });
  RunLoop();
  for (std::thread& t : workers) t.join();
  blocking_pool.join();
  spdlog::info("shutdown complete");
}

void Server::Impl::RunLoop() {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {  // a completion handler threw; keep the thread serving
      spdlog::error("io thread: {}", e.what());
    }
  }
}

// Control strand only.
void Server::Impl::BeginShutdown() {
  if (shutdown_started) return;
  shutdown_started = true;

  beast::error_code ignored;
  acceptor.close(ignored);
  if (signals) signals->cancel(ignored);

  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu);
    draining = true;
    for (auto& [ptr, weak] : connections) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  spdlog::info("shutting down: draining {} connection(s), deadline {}s", live.size(),
               options.drain_timeout.count());
  // Sessions see `draining` after their current request; idle and lingering ones are woken up
  // here. A request whose first bytes already arrived counts as in flight and is still served.
  for (const auto& c : live) {
    asio::post(c->stream.get_executor(), [c] {
      beast::error_code ec;
      if (c->lingering || (c->idle && (c->stream.socket().available(ec) == 0 || ec))) {
        c->stream.cancel();
      }
    });
  }
  if (live.empty()) return;
  // Cancelled by Unregister (through the control strand) once the last connection is gone.
  drain_timer.expires_after(options.drain_timeout);
  drain_timer.async_wait([this](const beast::error_code& ec) {
    if (ec) return;
    std::size_t left;
    {
      std::lock_guard lock(mu);
      left = connections.size();
    }
    if (left == 0) return;
    spdlog::warn("drain timeout: abandoning {} connection(s)", left);
    // Leftover sessions are destroyed (their sockets closed) with the Server.
    ioc.stop();
  });
}

void Server::Impl::Unregister(Connection* c) {
  bool drained;
  {
    std::lock_guard lock(mu);
    connections.erase(c);
    drained = draining && connections.empty();
  }
  if (drained && !destroying) {
    asio::post(control, [this] { drain_timer.cancel(); });
  }
}

asio::awaitable<void> Server::Impl::AcceptLoop() {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kNoThrow);
    if (!acceptor.is_open()) co_return;  // closed by BeginShutdown
    if (ec) {
      // E.g. EMFILE: back off briefly instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer backoff(control, std::chrono::milliseconds(50));
      co_await backoff.async_wait(kNoThrow);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::string remote = socket.remote_endpoint(ignored).address().to_string();

    auto c = std::make_shared<Connection>(tcp::socket(std::move(socket)), std::move(remote),
                                          [this](Connection* p) { Unregister(p); });
    {
      std::lock_guard lock(mu);
      if (draining) continue;  // lost the race with Stop: close it (destructor unregisters)
      connections.emplace(c.get(), c);
    }
    auto executor = c->stream.get_executor();
    asio::co_spawn(executor, Session(std::move(c)),
                   [](std::exception_ptr e) { LogException(e, "connection failed"); });
  }
}

// ------------------------------------------------------------------------------------------------
// One connection.

asio::awaitable<void> Server::Impl::Session(std::shared_ptr<Connection> c) {
  beast::flat_buffer buffer;  // kept across requests: holds the start of pipelined requests
  std::size_t served = 0;
  for (;;) {
    // Keep-alive idle phase: wait for the first byte of the next request. Shutdown cancels it
    // unless that byte has already arrived.
    if (buffer.size() == 0) {
      c->idle = true;
      beast::error_code probe;
      if (draining && c->stream.socket().available(probe) == 0) break;
      c->stream.expires_after(options.idle_timeout);
      auto [ec, n] = co_await c->stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
      c->idle = false;
      if (ec) break;  // peer closed, idle timeout (socket already closed) or shutdown
      buffer.commit(n);
    }
    c->stream.expires_never();

    Parser parser;
    parser.body_limit(options.body_limit);
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(options.header_limit, std::numeric_limits<std::uint32_t>::max())));
    ArmDeadline(*c);
    beast::error_code read_error;
    const ReadOutcome outcome = co_await ReadRequest(*c, buffer, parser, read_error);
    DisarmDeadline(*c);

    std::optional<core::Error> refusal;
    switch (outcome) {
      case ReadOutcome::kOk:
        break;
      case ReadOutcome::kClose:
        co_return;
      case ReadOutcome::kBadRequest:
        refusal = core::Error{core::ErrorCode::kMalformed,
                              "malformed HTTP request: " + read_error.message(), {}};
        break;
      case ReadOutcome::kTooLarge:
        refusal = core::Error{core::ErrorCode::kPayloadTooLarge,
                              "request body exceeds " + std::to_string(options.body_limit) +
                                  " bytes",
                              {}};
        break;
      case ReadOutcome::kHeadersTooLarge:
        refusal = core::Error{core::ErrorCode::kHeadersTooLarge,
                              "request headers exceed " + std::to_string(options.header_limit) +
                                  " bytes",
                              {}};
        break;
      case ReadOutcome::kTimeout:
        refusal = core::Error{core::ErrorCode::kRequestTimeout,
                              "request not received within " +
                                  std::to_string(options.read_timeout.count()) + "s",
                              {}};
        break;
    }
    if (refusal) {
      if (co_await Write(*c, ErrorResponse(*refusal), 11, false, false)) {
        co_await Close(*c, true);
      }
      co_return;
    }

    auto& message = parser.get();
    Request req;
    req.method = std::string(View(message.method_string()));
    const std::string_view target = View(message.target());
    auto url = boost::urls::parse_origin_form(target);
    if (!url) {
      auto bad = core::Error{core::ErrorCode::kMalformed, "invalid request target", {}};
      if (co_await Write(*c, ErrorResponse(bad), message.version(), false, false)) {
        co_await Close(*c, true);
      }
      co_return;
    }
    req.path = url->path();
    for (const auto& param : url->params()) {
      if (param.key.empty() && !param.has_value) continue;  // "?" or "a=1&&b=2"
      req.query.emplace_back(param.key, param.value);
    }
    req.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
    for (const auto& field : message) {
      req.headers.emplace_back(Lower(View(field.name_string())), std::string(View(field.value())));
    }
    req.remote_address = c->remote_address;
    const unsigned version = message.version();
    const bool wants_keep_alive = message.keep_alive();
    req.body = std::move(message.body());

    // Reads run here; anything that may wait for a commit runs on the blocking pool, and this
    // coroutine resumes on the connection's strand when it is done.
    // (Plain statements: GCC 12 miscompiles co_await inside a conditional expression.)
    Response response;
    if (req.method == "GET" || req.method == "HEAD") {
      response = Call(req);
    } else {
      response = co_await asio::co_spawn(
          blocking_pool, [this, &req]() -> asio::awaitable<Response> { co_return Call(req); },
          asio::use_awaitable);
    }

    ++served;
    const bool keep_alive =
        wants_keep_alive && !draining && served < options.max_requests_per_connection;
    if (!co_await Write(*c, std::move(response), version, req.method == "HEAD", keep_alive)) {
      co_return;
    }
    if (!keep_alive) {
      // Unread pipelined requests (ours or the kernel's) would turn our close into a RST.
      beast::error_code ec;
      const bool unread = buffer.size() > 0 || c->stream.socket().available(ec) > 0;
      co_await Close(*c, unread);
      co_return;
    }
  }
}

Response Server::Impl::Call(Request& req) {
  try {
    return handler(req);
  } catch (const std::exception& e) {
    spdlog::error("handler for {} {} threw: {}", req.method, req.path, e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", req.method, req.path);
  }
  return ErrorResponse(core::Error::Internal("internal error"));
}

asio::awaitable<ReadOutcome> Server::Impl::ReadRequest(Connection& c, beast::flat_buffer& buffer,
                                                       Parser& parser, beast::error_code& error) {
  auto [ec, n] = co_await bhttp::async_read_header(c.stream, buffer, parser, kNoThrow);
  // Beast already refuses a declared Content-Length above body_limit here, before any body byte
  // is read; the explicit check keeps that guarantee independent of Beast's internals.
  if (!ec && parser.content_length() && *parser.content_length() > options.body_limit) {
    ec = bhttp::error::body_limit;
  }
  if (!ec && !parser.is_done()) {
    const auto& message = parser.get();
    if (message.version() >= 11 &&
        beast::iequals(message[bhttp::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      std::tie(ec, n) =
          co_await asio::async_write(c.stream, asio::buffer(kContinue), kNoThrow);
    }
    if (!ec) std::tie(ec, n) = co_await bhttp::async_read(c.stream, buffer, parser, kNoThrow);
  }

  error = ec;
  if (c.timed_out) co_return ReadOutcome::kTimeout;
  if (!ec) co_return ReadOutcome::kOk;
  if (ec == bhttp::error::body_limit) co_return ReadOutcome::kTooLarge;
  if (ec == bhttp::error::header_limit) co_return ReadOutcome::kHeadersTooLarge;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
    co_return ReadOutcome::kClose;  // the peer went away mid-request
  }
  if (IsHttpParseError(ec)) co_return ReadOutcome::kBadRequest;
  co_return ReadOutcome::kClose;  // socket error
}

void Server::Impl::ArmDeadline(Connection& c) {
  c.reading = true;
  c.timed_out = false;
  const std::uint64_t generation = ++c.deadline_generation;
  c.deadline.expires_after(options.read_timeout);
  // Runs on the connection's strand (the timer's executor). Cancels the read without closing the
  // socket, so a 408 can still be sent.
  c.deadline.async_wait(
      [weak = c.weak_from_this(), generation](const beast::error_code& ec) {
        auto conn = weak.lock();
        if (ec || !conn || !conn->reading || conn->deadline_generation != generation) return;
        conn->timed_out = true;
        conn->stream.cancel();
      });
}

void Server::Impl::DisarmDeadline(Connection& c) {
  c.reading = false;
  c.deadline.cancel();
}

asio::awaitable<bool> Server::Impl::Write(Connection& c, Response response, unsigned version,
                                          bool head, bool keep_alive) {
  int status = response.status;
  if (status < 100 || status > 999) {
    spdlog::error("handler returned invalid HTTP status {}", status);
    response = ErrorResponse(core::Error::Internal("internal error"));
    status = response.status;
  }
  bhttp::response<bhttp::string_body> res;
  res.version(version);
  res.result(static_cast<unsigned>(status));
  res.set(bhttp::field::server, "rapport");
  for (const auto& [name, value] : response.headers) {
    const std::string lower = Lower(name);
    if (lower == "content-length" || lower == "transfer-encoding" || lower == "connection") {
      continue;
    }
    res.insert(name, value);
  }
  const bool bodiless_status = status < 200 || status == 204 || status == 304;
  if (!bodiless_status) {
    if (!response.content_type.empty()) res.set(bhttp::field::content_type, response.content_type);
    res.content_length(response.body.size());
    // A response to HEAD announces the length but must not carry the body (RFC 9110 9.3.2).
    if (!head) res.body() = std::move(response.body);
  }
  res.keep_alive(keep_alive);

  // Bounds the time the peer may take to read the response.
  c.stream.expires_after(options.idle_timeout);
  auto [ec, n] = co_await bhttp::async_write(c.stream, res, kNoThrow);
  c.stream.expires_never();
  co_return !ec;
}

asio::awaitable<void> Server::Impl::Close(Connection& c, bool linger) {
  beast::error_code ignored;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (linger) {
    c.lingering = true;  // shutdown cuts the lingering short
    if (!draining) {
      c.stream.expires_after(kLingerTime);
      std::vector<char> scratch(kReadChunk);
      std::size_t total = 0;
      while (total < kLingerBytes) {
        auto [ec, n] = co_await c.stream.async_read_some(asio::buffer(scratch), kNoThrow);
        if (ec) break;
        total += n;
      }
    }
    c.lingering = false;
  }
  c.stream.close();
}

// ------------------------------------------------------------------------------------------------

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

core::Status Server::Listen() { return impl_->Listen(); }

unsigned short Server::BoundPort() const { return impl_->bound_port; }

void Server::Run() { impl_->Run(); }

void Server::Stop() {
  if (impl_->stop_requested.exchange(true)) return;
  Impl* impl = impl_.get();
  asio::post(impl->control, [impl] { impl->BeginShutdown(); });
}

}  // namespace rapport::http
