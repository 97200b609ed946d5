#include "http_client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace rapport_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool HasHeader(const Headers& headers, std::string_view name) {
  const std::string lower = Lower(name);
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return Lower(h.first) == lower; });
}

bool IsStaleConnectionError(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted;
}

}  // namespace

boost::json::value Reply::Json() const {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec) {
    throw std::runtime_error("response body is not JSON (" + ec.message() + "), status " +
                             std::to_string(status) + ", body: " + body.substr(0, 500));
  }
  return v;
}

std::string Reply::Header(const std::string& name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string Reply::Summary() const {
  std::string out = std::to_string(status) + " " + body.substr(0, 2000);
  if (body.size() > 2000) out += "...";
  return out;
}

const boost::json::value* At(const boost::json::value& v, std::string_view pointer) {
  boost::system::error_code ec;
  return v.find_pointer(pointer, ec);
}

std::int64_t IntAt(const boost::json::value& v, std::string_view pointer) {
  const boost::json::value* p = At(v, pointer);
  return p && p->is_int64() ? p->as_int64() : -999999;
}

std::string StrAt(const boost::json::value& v, std::string_view pointer) {
  const boost::json::value* p = At(v, pointer);
  if (p == nullptr) return "<missing>";
  if (!p->is_string()) return "<not a string: " + Dump(*p) + ">";
  return std::string(p->get_string());
}

bool IsNullAt(const boost::json::value& v, std::string_view pointer) {
  const boost::json::value* p = At(v, pointer);
  return p != nullptr && p->is_null();
}

std::string Dump(const boost::json::value& v) { return boost::json::serialize(v); }

struct HttpClient::Impl {
  std::string host;
  unsigned short port;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::string token;
  std::chrono::milliseconds timeout{30000};
  int opened = 0;

  void RunLoop() {
    ioc.restart();
    ioc.run();
  }

  void Connect() {
    Disconnect();
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec) throw std::runtime_error("cannot resolve " + host + ": " + ec.message());
    stream.emplace(ioc);
    stream->expires_after(timeout);
    stream->async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    RunLoop();
    if (ec) {
      stream.reset();
      throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                               ec.message());
    }
    beast::error_code ignored;
    stream->socket().set_option(tcp::no_delay(true), ignored);
    ++opened;
  }

  void Disconnect() {
    if (stream) {
      beast::error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream->socket().close(ignored);
      stream.reset();
    }
    buffer.clear();
  }

  // One exchange on the current connection. `stale` is set when the connection turned out to be
  // closed before any byte of the response arrived (the caller may retry on a new connection).
  std::optional<Reply> Exchange(const http::request<http::string_body>& req, bool& stale,
                                std::string& error) {
    stale = false;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    parser.header_limit(1u << 20);
    if (req.method() == http::verb::head) parser.skip(true);

    bool write_done = false, read_done = false;
    beast::error_code wec, rec;
    stream->expires_after(timeout);
    // Write and read at the same time, so a server that answers early (413) and stops reading is
    // seen instead of blocking on the write.
    http::async_write(*stream, req, [&](beast::error_code ec, std::size_t) {
      wec = ec;
      write_done = true;
    });
    http::async_read(*stream, buffer, parser, [&](beast::error_code ec, std::size_t) {
      rec = ec;
      read_done = true;
      if (!write_done) {
        beast::error_code ignored;
        stream->socket().cancel(ignored);
      }
    });
    RunLoop();

    if (rec) {
      if (!parser.got_some() && IsStaleConnectionError(rec)) stale = true;
      error = "reading the response failed: " + rec.message();
      if (wec) error += " (writing the request failed: " + wec.message() + ")";
      Disconnect();
      return std::nullopt;
    }
    Reply reply;
    const auto& res = parser.get();
    reply.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      std::string name = Lower(field.name_string());
      auto [it, inserted] = reply.headers.emplace(name, std::string(field.value()));
      if (!inserted) it->second += ", " + std::string(field.value());
    }
    reply.body = res.body();
    if (wec || !write_done || !parser.keep_alive()) Disconnect();
    return reply;
  }
};

HttpClient::HttpClient(std::string host, unsigned short port) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

Reply HttpClient::Request(const std::string& method, const std::string& target,
                          const std::string& body, const Headers& headers) {
  http::request<http::string_body> req;
  req.version(11);
  req.method_string(method);
  req.target(target);
  if (!HasHeader(headers, "host")) {
    req.set(http::field::host, impl_->host + ":" + std::to_string(impl_->port));
  }
  for (const auto& [name, value] : headers) req.insert(name, value);
  req.body() = body;
  if (!HasHeader(headers, "content-length") && !HasHeader(headers, "transfer-encoding")) {
    req.prepare_payload();
  }

  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = impl_->stream.has_value();
    if (!reused) impl_->Connect();
    bool stale = false;
    std::string error;
    if (auto reply = impl_->Exchange(req, stale, error)) return std::move(*reply);
    if (!(reused && stale)) {
      throw std::runtime_error(method + " " + target + ": " + error);
    }
  }
  throw std::runtime_error(method + " " + target + ": connection closed twice");
}

Reply HttpClient::Send(const std::string& method, const std::string& target,
                       const std::string& body, const Headers& headers) {
  Headers all = headers;
  if (!impl_->token.empty() && !HasHeader(headers, "authorization")) {
    all.emplace_back("Authorization", "Bearer " + impl_->token);
  }
  if (!body.empty() && !HasHeader(headers, "content-type")) {
    all.emplace_back("Content-Type", "application/json");
  }
  return Request(method, target, body, all);
}

Reply HttpClient::Get(const std::string& target, const Headers& headers) {
  return Send("GET", target, "", headers);
}
Reply HttpClient::Post(const std::string& target, const std::string& body, const Headers& headers) {
  return Send("POST", target, body, headers);
}
Reply HttpClient::Patch(const std::string& target, const std::string& body,
                        const Headers& headers) {
  return Send("PATCH", target, body, headers);
}
Reply HttpClient::Delete(const std::string& target, const Headers& headers) {
  return Send("DELETE", target, "", headers);
}

void HttpClient::SetToken(std::string token) { impl_->token = std::move(token); }
const std::string& HttpClient::token() const { return impl_->token; }
void HttpClient::SetTimeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }
void HttpClient::Close() { impl_->Disconnect(); }
int HttpClient::connections_opened() const { return impl_->opened; }

std::string RawExchange(const std::string& host, unsigned short port, const std::string& bytes,
                        std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* info = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &info); rc != 0) {
    throw std::runtime_error("cannot resolve " + host + ": " + ::gai_strerror(rc));
  }
  int fd = -1;
  for (addrinfo* a = info; a != nullptr; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(info);
  if (fd < 0) {
    throw std::runtime_error("cannot connect to " + host + ":" + service + ": " +
                             std::strerror(errno));
  }

  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto remaining_ms = [&] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
  };

  // Write what the server accepts; it may close early, which is fine.
  std::size_t sent = 0;
  std::string received;
  char buf[16384];
  bool closed = false;
  while (sent < bytes.size() && !closed) {
    pollfd p{fd, POLLOUT | POLLIN, 0};
    int n = ::poll(&p, 1, remaining_ms());
    if (n <= 0) break;
    if (p.revents & POLLIN) {
      ssize_t r = ::recv(fd, buf, sizeof buf, 0);
      if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) {
        closed = true;
        break;
      }
      if (r > 0) received.append(buf, static_cast<std::size_t>(r));
    }
    if (p.revents & (POLLERR | POLLHUP)) break;  // read what is left below
    if (p.revents & POLLOUT) {
      ssize_t w = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (w < 0) {
        if (errno == EINTR || errno == EAGAIN) continue;
        break;
      }
      sent += static_cast<std::size_t>(w);
    }
  }
  while (!closed) {
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, remaining_ms());
    if (n <= 0) break;  // deadline
    ssize_t r = ::recv(fd, buf, sizeof buf, 0);
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (r <= 0) break;
    received.append(buf, static_cast<std::size_t>(r));
  }
  ::close(fd);
  return received;
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace rapport_test
