#include "http/server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream_base.hpp>
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
#include <boost/beast/ssl/ssl_stream.hpp>
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

using TcpStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
template <class Stream>
constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Before closing a connection we have stopped reading from (error, or unread pipelined bytes) we
// half-close and discard what the peer still sends, so the kernel does not answer it with a RST
// that could destroy our response before the peer reads it (the "lingering close" of nginx).
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kLingerBytes = 8u << 20;
constexpr std::size_t kReadChunk = 16 * 1024;
// Connections beyond max_connections being answered 503 at once. Each costs a descriptor until
// the client closes it (at most kLingerTime); past this many a flood is closed without an answer.
constexpr std::size_t kMaxRefusing = 256;
// Descriptors besides the served connections: the refusals, the listener, database files or
// sockets, logs, the signal pipe.
constexpr std::size_t kSpareDescriptors = kMaxRefusing + 64;

// Sent on every response unless the handler set a header of the same name. The API serves JSON
// and no pages, so the policy can be strict: nothing may frame it, sniff it or leak its URLs.
constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
     "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};
// Only over TLS: browsers ignore it on plain HTTP, and sending it there would be misleading.
constexpr std::pair<std::string_view, std::string_view> kHstsHeader = {
    "Strict-Transport-Security", "max-age=31536000"};

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

void SetDefault(bhttp::fields& fields, std::pair<std::string_view, std::string_view> header) {
  if (fields.find(header.first) == fields.end()) fields.set(header.first, header.second);
}

void AddSecurityHeaders(bhttp::fields& fields, bool tls) {
  for (const auto& header : kSecurityHeaders) SetDefault(fields, header);
  if (tls) SetDefault(fields, kHstsHeader);
}

// `X-Forwarded-Proto: https` from a TLS-terminating proxy; with several proxies the first value is
// the client's side.
bool ForwardedOverHttps(const Request& req) {
  const std::string* proto = req.Header("x-forwarded-proto");
  if (proto == nullptr) return false;
  std::string_view first(*proto);
  first = first.substr(0, first.find(','));
  while (!first.empty() && (first.front() == ' ' || first.front() == '\t')) first.remove_prefix(1);
  while (!first.empty() && (first.back() == ' ' || first.back() == '\t')) first.remove_suffix(1);
  return Lower(first) == "https";
}

Response Unavailable(std::string message) {
  Response response = ErrorResponse(core::Error::Unavailable(std::move(message)));
  response.headers.emplace_back("Retry-After", "1");
  return response;
}

// At most one log line per second for conditions that may repeat for every request of a flood.
class LogThrottle {
 public:
  bool Allow() {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    std::int64_t last = last_.load(std::memory_order_relaxed);
    return last != now && last_.compare_exchange_strong(last, now, std::memory_order_relaxed);
  }

 private:
  std::atomic<std::int64_t> last_{-1};
};

// 1,024 connections do not fit the usual soft limit of 1,024 descriptors; the hard limit is the
// process's to take. Without this, accept fails with EMFILE long before max_connections.
void RaiseOpenFileLimit(std::size_t max_connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t needed = static_cast<rlim_t>(max_connections + kSpareDescriptors);
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    // An unlimited hard limit is still capped by the kernel's nr_open: ask for what we need.
    raised.rlim_cur =
        limit.rlim_max == RLIM_INFINITY ? std::max<rlim_t>(needed, 65536) : limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit.rlim_cur = raised.rlim_cur;
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    spdlog::warn(
        "open-file limit is {} (hard limit {}), below max_connections {} + {} spare: connections "
        "beyond it wait in the listen backlog (raise it with ulimit -n or LimitNOFILE=)",
        limit.rlim_cur, limit.rlim_max, max_connections, kSpareDescriptors);
  }
}

core::Error TlsFileError(const std::string& what, const std::string& file, const std::string& why) {
  return {core::ErrorCode::kInvalidArgument, "cannot " + what + " " + file + ": " + why, {}};
}

// OpenSSL's messages for an unreadable file are vague ("system lib"); the OS says why.
core::Status CheckReadable(const std::string& what, const std::string& file) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) return core::Fail(TlsFileError("read " + what, file, std::strerror(errno)));
  std::fclose(f);
  return {};
}

bool TlsConfigured(const ServerOptions& options) {
  return !options.tls_cert_file.empty() || !options.tls_key_file.empty();
}

core::Result<asio::ssl::context> MakeTlsContext(const ServerOptions& options) {
  if (options.tls_cert_file.empty() || options.tls_key_file.empty()) {
    const char* missing = options.tls_cert_file.empty() ? "certificate" : "key";
    return core::Fail({core::ErrorCode::kInvalidArgument,
                       std::string("TLS needs a certificate and a key: the ") + missing +
                           " file is not set",
                       {}});
  }
  if (auto st = CheckReadable("TLS certificate", options.tls_cert_file); !st) return core::Fail(st.error());
  if (auto st = CheckReadable("TLS key", options.tls_key_file); !st) return core::Fail(st.error());

  asio::ssl::context context(asio::ssl::context::tls_server);
  // TLS 1.2 and 1.3 only: the older versions have known weaknesses and every current client
  // speaks 1.2.
  context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  beast::error_code ec;
  context.use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec) return core::Fail(TlsFileError("load TLS certificate", options.tls_cert_file, ec.message()));
  context.use_private_key_file(options.tls_key_file, asio::ssl::context::pem, ec);
  if (ec) return core::Fail(TlsFileError("load TLS key", options.tls_key_file, ec.message()));
  return context;
}

// One accepted connection, whatever its stream. Everything but construction runs on the
// connection's strand; the strand-only fields are touched by its coroutine and by handlers posted
// to that strand.
struct ConnectionBase : std::enable_shared_from_this<ConnectionBase> {
  ConnectionBase(asio::any_io_executor ex, std::string remote,
                 std::function<void(ConnectionBase*)> on_destroy)
      : executor(std::move(ex)),
        deadline(executor),
        remote_address(std::move(remote)),
        on_destroy_(std::move(on_destroy)) {}
  // Runs after the derived class closed the socket: a slot is released only once its descriptor is.
  virtual ~ConnectionBase() { on_destroy_(this); }
  ConnectionBase(const ConnectionBase&) = delete;
  ConnectionBase& operator=(const ConnectionBase&) = delete;

  virtual beast::tcp_stream& Tcp() = 0;  // the TCP layer: timeouts, cancel, close

  asio::any_io_executor executor;  // the connection's strand
  asio::steady_timer deadline;     // the read_timeout of the request being read
  std::string remote_address;
  bool counted = false;  // holds one of max_connections' slots; set before the coroutine starts
  // Strand-only state.
  bool handshaking = false;  // TLS handshake in progress
  bool idle = false;         // waiting for the next request's first byte
  bool lingering = false;    // discarding input (or awaiting close_notify) before a close
  bool reading = false;      // deadline armed
  bool timed_out = false;    // deadline fired while reading
  std::uint64_t deadline_generation = 0;

 private:
  std::function<void(ConnectionBase*)> on_destroy_;
};

template <class Stream>
struct Connection final : ConnectionBase {
  Connection(tcp::socket socket, asio::ssl::context* tls, std::string remote,
             std::function<void(ConnectionBase*)> on_destroy)
      : ConnectionBase(socket.get_executor(), std::move(remote), std::move(on_destroy)),
        stream(MakeStream(std::move(socket), tls)) {}

  beast::tcp_stream& Tcp() override { return beast::get_lowest_layer(stream); }

  Stream stream;

 private:
  static Stream MakeStream(tcp::socket socket, asio::ssl::context* tls) {
    if constexpr (kIsTls<Stream>) {
      return Stream(std::move(socket), *tls);
    } else {
      (void)tls;
      return Stream(std::move(socket));
    }
  }
};

enum class ReadOutcome { kOk, kClose, kBadRequest, kTooLarge, kHeadersTooLarge, kTimeout };

}  // namespace

core::Status CheckTls(const ServerOptions& options) {
  if (!TlsConfigured(options)) return {};
  auto context = MakeTlsContext(options);
  if (!context) return core::Fail(context.error());
  return {};
}

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
  std::optional<asio::ssl::context> tls;  // set by Listen when TLS is configured
  std::atomic<bool> destroying{false};
  std::atomic<bool> draining{false};
  std::atomic<bool> stop_requested{false};
  std::atomic<unsigned short> bound_port{0};
  bool listening = false;  // owner thread only
  std::mutex mu;
  std::unordered_map<ConnectionBase*, std::weak_ptr<ConnectionBase>> connections;  // guarded by mu
  std::size_t serving = 0;  // guarded by mu: connections holding a max_connections slot
  std::atomic<std::size_t> blocking_requests{0};  // on the blocking pool, running or queued
  LogThrottle full_log, overload_log;

  asio::io_context ioc;
  asio::thread_pool blocking_pool{static_cast<std::size_t>(std::max(1, options.blocking_threads))};
  // ---- Control strand: acceptor, signals and drain timer are only touched on it (or before Run).
  Strand control;
  tcp::acceptor acceptor;
  std::optional<asio::signal_set> signals;
  asio::steady_timer drain_timer;
  bool shutdown_started = false;  // control strand only

  core::Status Listen();
  core::Status Bind(const std::string& where);
  void Run();
  void RunLoop();
  void BeginShutdown();
  void Unregister(ConnectionBase* c);

  asio::awaitable<void> AcceptLoop();
  template <class Stream>
  void Admit(tcp::socket socket, std::string remote);
  template <class Stream>
  asio::awaitable<void> Session(std::shared_ptr<Connection<Stream>> c);
  template <class Stream>
  asio::awaitable<void> Refuse(std::shared_ptr<Connection<Stream>> c);
  asio::awaitable<bool> Handshake(Connection<TlsStream>& c);
  template <class Stream>
  asio::awaitable<ReadOutcome> ReadRequest(Connection<Stream>& c, beast::flat_buffer& buffer,
                                           Parser& parser, beast::error_code& error);
  void ArmDeadline(ConnectionBase& c);
  void DisarmDeadline(ConnectionBase& c);
  template <class Stream>
  asio::awaitable<bool> Write(Connection<Stream>& c, Response response, unsigned version, bool head,
                              bool keep_alive);
  template <class Stream>
  asio::awaitable<void> Close(Connection<Stream>& c, bool linger);
  Response Call(Request& req);
  asio::awaitable<Response> CallBlocking(Request& req);
};

// ------------------------------------------------------------------------------------------------
// Listening, running, stopping.

core::Status Server::Impl::Listen() {
  const std::string where = options.host + ":" + std::to_string(options.port);
  if (listening) {
    return core::Fail(core::Error::Unavailable("cannot listen on " + where + ": already listening"));
  }
  if (TlsConfigured(options)) {
    auto context = MakeTlsContext(options);
    if (!context) return core::Fail(context.error());
    tls.emplace(std::move(*context));
  }
  RaiseOpenFileLimit(options.max_connections);
  if (auto st = Bind(where); !st) {
    beast::error_code ignored;
    acceptor.close(ignored);
    tls.reset();
    return st;
  }
  listening = true;
  return {};
}

core::Status Server::Impl::Bind(const std::string& where) {
  auto fail = [&](const std::string& why) {
    return core::Fail(core::Error::Unavailable("cannot listen on " + where + ": " + why));
  };
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
  const std::string shown = local.address().is_v6() ? "[" + local.address().to_string() + "]"
                                                     : local.address().to_string();
  spdlog::info("listening on {}://{}:{}", tls ? "https" : "http", shown, local.port());
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

  std::vector<std::shared_ptr<ConnectionBase>> live;
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
    asio::post(c->executor, [c] {
      beast::error_code ec;
      if (c->lingering || c->handshaking ||
          (c->idle && (c->Tcp().socket().available(ec) == 0 || ec))) {
        c->Tcp().cancel();
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

void Server::Impl::Unregister(ConnectionBase* c) {
  bool drained;
  {
    std::lock_guard lock(mu);
    connections.erase(c);
    if (c->counted) --serving;
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
    if (tls) {
      Admit<TlsStream>(std::move(socket), std::move(remote));
    } else {
      Admit<TcpStream>(std::move(socket), std::move(remote));
    }
  }
}

// Serves the connection, or answers it 503 when max_connections are already served: accepting
// and refusing is clearer to a client than leaving it in the listen backlog, where it would hang.
template <class Stream>
void Server::Impl::Admit(tcp::socket socket, std::string remote) {
  auto c = std::make_shared<Connection<Stream>>(std::move(socket), tls ? &*tls : nullptr,
                                                std::move(remote),
                                                [this](ConnectionBase* p) { Unregister(p); });
  {
    std::lock_guard lock(mu);
    if (draining) return;  // lost the race with Stop: close it (destructor unregisters)
    const bool full = serving >= options.max_connections;
    if (full && connections.size() - serving >= kMaxRefusing) return;  // a flood: just close
    c->counted = !full;
    if (c->counted) ++serving;
    connections.emplace(c.get(), c);
  }
  auto executor = c->executor;
  if (c->counted) {
    asio::co_spawn(executor, Session(std::move(c)),
                   [](std::exception_ptr e) { LogException(e, "connection failed"); });
    return;
  }
  if (full_log.Allow()) {
    spdlog::warn("connection limit of {} reached: refusing new connections with 503",
                 options.max_connections);
  }
  asio::co_spawn(executor, Refuse(std::move(c)),
                 [](std::exception_ptr e) { LogException(e, "refusing a connection failed"); });
}

// Answers at once, without reading a request: the point is to spend as little as possible. The
// lingering close keeps the answer from being destroyed by a RST when the request arrives.
template <class Stream>
asio::awaitable<void> Server::Impl::Refuse(std::shared_ptr<Connection<Stream>> c) {
  if constexpr (kIsTls<Stream>) {
    if (!co_await Handshake(*c)) co_return;
  }
  Response busy = Unavailable("server is at its connection limit (" +
                              std::to_string(options.max_connections) +
                              " connections); retry shortly");
  if (co_await Write(*c, std::move(busy), 11, false, false)) co_await Close(*c, true);
}

asio::awaitable<bool> Server::Impl::Handshake(Connection<TlsStream>& c) {
  // A peer that never finishes the handshake (or speaks plain HTTP) is dropped like a slow request.
  c.handshaking = true;
  c.Tcp().expires_after(options.read_timeout);
  auto [ec] = co_await c.stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
  c.handshaking = false;
  if (ec) {
    spdlog::debug("TLS handshake with {} failed: {}", c.remote_address, ec.message());
    c.Tcp().close();
    co_return false;
  }
  c.Tcp().expires_never();
  co_return true;
}

// ------------------------------------------------------------------------------------------------
// One connection.

template <class Stream>
asio::awaitable<void> Server::Impl::Session(std::shared_ptr<Connection<Stream>> c) {
  if constexpr (kIsTls<Stream>) {
    if (!co_await Handshake(*c)) co_return;
  }
  beast::flat_buffer buffer;  // kept across requests: holds the start of pipelined requests
  std::size_t served = 0;
  for (;;) {
    // Keep-alive idle phase: wait for the first byte of the next request. Shutdown cancels it
    // unless that byte has already arrived.
    if (buffer.size() == 0) {
      c->idle = true;
      beast::error_code probe;
      if (draining && c->Tcp().socket().available(probe) == 0) break;
      c->Tcp().expires_after(options.idle_timeout);
      auto [ec, n] = co_await c->stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
      c->idle = false;
      if (ec) break;  // peer closed, idle timeout (socket already closed) or shutdown
      buffer.commit(n);
    }
    c->Tcp().expires_never();

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
    req.secure = kIsTls<Stream> || ForwardedOverHttps(req);
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
      response = co_await CallBlocking(req);
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
      const bool unread = buffer.size() > 0 || c->Tcp().socket().available(ec) > 0;
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

// Runs `req` on the blocking pool unless blocking_threads + max_queued requests already wait
// there: then 503 at once, since a client gains nothing from a queue it would time out in.
asio::awaitable<Response> Server::Impl::CallBlocking(Request& req) {
  const std::size_t limit =
      static_cast<std::size_t>(std::max(1, options.blocking_threads)) + options.max_queued;
  if (blocking_requests.fetch_add(1) >= limit) {
    blocking_requests.fetch_sub(1);
    if (overload_log.Allow()) {
      spdlog::warn("overloaded: {} requests on the write threads, answering 503", limit);
    }
    co_return Unavailable("server is overloaded: " + std::to_string(limit) +
                          " requests are already waiting; retry shortly");
  }
  struct Release {
    std::atomic<std::size_t>& count;
    ~Release() { count.fetch_sub(1); }
  } release{blocking_requests};
  Response response = co_await asio::co_spawn(
      blocking_pool, [this, &req]() -> asio::awaitable<Response> { co_return Call(req); },
      asio::use_awaitable);
  co_return response;
}

template <class Stream>
asio::awaitable<ReadOutcome> Server::Impl::ReadRequest(Connection<Stream>& c,
                                                       beast::flat_buffer& buffer, Parser& parser,
                                                       beast::error_code& error) {
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

void Server::Impl::ArmDeadline(ConnectionBase& c) {
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
        conn->Tcp().cancel();
      });
}

void Server::Impl::DisarmDeadline(ConnectionBase& c) {
  c.reading = false;
  c.deadline.cancel();
}

template <class Stream>
asio::awaitable<bool> Server::Impl::Write(Connection<Stream>& c, Response response,
                                          unsigned version, bool head, bool keep_alive) {
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
  AddSecurityHeaders(res.base(), kIsTls<Stream>);
  const bool bodiless_status = status < 200 || status == 204 || status == 304;
  if (!bodiless_status) {
    if (!response.content_type.empty()) res.set(bhttp::field::content_type, response.content_type);
    res.content_length(response.body.size());
    // A response to HEAD announces the length but must not carry the body (RFC 9110 9.3.2).
    if (!head) res.body() = std::move(response.body);
  }
  res.keep_alive(keep_alive);

  // Bounds the time the peer may take to read the response.
  c.Tcp().expires_after(options.idle_timeout);
  auto [ec, n] = co_await bhttp::async_write(c.stream, res, kNoThrow);
  c.Tcp().expires_never();
  co_return !ec;
}

template <class Stream>
asio::awaitable<void> Server::Impl::Close(Connection<Stream>& c, bool linger) {
  if constexpr (kIsTls<Stream>) {
    // close_notify tells the peer the response is complete, not cut off. Waiting for the peer's
    // own close_notify also plays the part of the lingering close (bounded the same way).
    (void)linger;
    if (!draining) {
      c.lingering = true;  // shutdown cuts the wait short
      c.Tcp().expires_after(kLingerTime);
      auto [ec] = co_await c.stream.async_shutdown(kNoThrow);
      c.lingering = false;
    }
    c.Tcp().close();
  } else {
    beast::error_code ignored;
    c.Tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (linger) {
      c.lingering = true;  // shutdown cuts the lingering short
      if (!draining) {
        c.Tcp().expires_after(kLingerTime);
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
    c.Tcp().close();
  }
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
