// The HTTP server over real sockets on 127.0.0.1 (port 0), driven by a raw POSIX client so the
// tests control exactly which bytes go on the wire (pipelining, malformed input, partial reads).
// TLS tests speak through OpenSSL on the same client, with a self-signed certificate made here.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/error_response.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace rapport::http {
namespace {

using namespace std::chrono_literals;

struct RawResponse {
  int status = 0;
  std::string head;                            // status line and header lines as received
  std::map<std::string, std::string> headers;  // lower-cased names (the last of repeats)
  std::string body;
  std::string Get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  boost::json::object Json() const { return boost::json::parse(body).as_object(); }
  std::string ErrorCode() const {
    return std::string(Json().at("error").as_object().at("code").as_string());
  }
};

// A blocking HTTP/1.1 client over a raw socket. Every read gives up after 3 s so a server bug
// fails the test instead of hanging it.
class RawClient {
 public:
  explicit RawClient(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    timeval tv{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ssl_ctx_ != nullptr) SSL_CTX_free(ssl_ctx_);
    ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }

  // TLS handshake; from then on every byte goes through it. Verifies the server's certificate
  // against `ca_file` (the self-signed certificate itself) and the name "localhost".
  bool StartTls(const std::string& ca_file) {
    ssl_ctx_ = SSL_CTX_new(TLS_client_method());
    if (ssl_ctx_ == nullptr ||
        SSL_CTX_load_verify_locations(ssl_ctx_, ca_file.c_str(), nullptr) != 1) {
      return false;
    }
    SSL_CTX_set_verify(ssl_ctx_, SSL_VERIFY_PEER, nullptr);
    ssl_ = SSL_new(ssl_ctx_);
    return ssl_ != nullptr && SSL_set1_host(ssl_, "localhost") == 1 &&
           SSL_set_fd(ssl_, fd_) == 1 && SSL_connect(ssl_) == 1;
  }

  // False if the peer stopped accepting bytes (reset or closed).
  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ssl_ != nullptr ? SSL_write(ssl_, data.data(), static_cast<int>(data.size()))
                                  : ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // True when something (bytes or EOF) can be read within `timeout`.
  bool WaitReadable(std::chrono::milliseconds timeout) {
    if (!buffer_.empty()) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(timeout.count())) > 0;
  }

  // One response; nullopt on EOF, error or timeout. `head`: the response has no body.
  std::optional<RawResponse> Read(bool head = false) {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    RawResponse res;
    const std::string head_block = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    res.head = head_block;
    std::size_t line_end = head_block.find("\r\n");
    const std::string status_line = head_block.substr(0, line_end);
    if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return std::nullopt;
    res.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head_block.find("\r\n", start);
      const std::string line = head_block.substr(start, line_end - start);
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      res.headers[name] = value;
    }
    if (res.status < 200 || head) return res;
    const std::size_t length = std::stoul(res.Get("content-length").empty()
                                              ? std::string("0")
                                              : res.Get("content-length"));
    while (buffer_.size() < length) {
      if (!Fill()) return std::nullopt;
    }
    res.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return res;
  }

  // True if the server closed the connection (clean EOF or reset) with nothing left to read.
  bool AtEof() {
    if (!buffer_.empty()) return false;
    char c;
    ssize_t n = ssl_ != nullptr ? SSL_read(ssl_, &c, 1) : ::recv(fd_, &c, 1, 0);
    if (n == 0) return true;
    if (n < 0 && (errno == ECONNRESET)) return true;
    return false;  // data, or timeout (EAGAIN)
  }

 private:
  bool Fill() {
    char chunk[16384];
    ssize_t n = ssl_ != nullptr ? SSL_read(ssl_, chunk, sizeof chunk)
                                : ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
  SSL_CTX* ssl_ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

// How many header lines of `response` are named `lower_name`.
int CountHeader(const RawResponse& response, const std::string& lower_name) {
  int count = 0;
  std::size_t start = 0;
  while (start < response.head.size()) {
    std::size_t end = response.head.find("\r\n", start);
    if (end == std::string::npos) end = response.head.size();
    std::string line = response.head.substr(start, end - start);
    for (char& ch : line) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (line.rfind(lower_name + ":", 0) == 0) ++count;
    start = end + 2;
  }
  return count;
}

void ExpectSecurityHeaders(const RawResponse& res) {
  EXPECT_EQ(res.Get("content-security-policy"),
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
      << res.status;
  EXPECT_EQ(res.Get("x-content-type-options"), "nosniff") << res.status;
  EXPECT_EQ(res.Get("referrer-policy"), "no-referrer") << res.status;
  EXPECT_EQ(res.Get("x-frame-options"), "DENY") << res.status;
}

// A self-signed certificate for "localhost" (P-256 key), its key, and a second unrelated key, as
// PEM files in a temporary directory removed at the end.
class TestCertificate {
 public:
  TestCertificate() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "rapport-tls-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    EVP_PKEY* key = EVP_EC_gen("P-256");
    EVP_PKEY* other = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    if (key == nullptr || other == nullptr || cert == nullptr) {
      throw std::runtime_error("OpenSSL key generation failed");
    }
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    const bool ok = X509_sign(cert, key, EVP_sha256()) > 0 &&
                    WritePem(cert_file(), [&](std::FILE* f) { return PEM_write_X509(f, cert); }) &&
                    WritePem(key_file(), [&](std::FILE* f) {
                      return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
                    }) &&
                    WritePem(other_key_file(), [&](std::FILE* f) {
                      return PEM_write_PrivateKey(f, other, nullptr, nullptr, 0, nullptr, nullptr);
                    });
    X509_free(cert);
    EVP_PKEY_free(key);
    EVP_PKEY_free(other);
    if (!ok) throw std::runtime_error("writing the test certificate failed");
  }
  ~TestCertificate() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TestCertificate(const TestCertificate&) = delete;
  TestCertificate& operator=(const TestCertificate&) = delete;

  std::string cert_file() const { return dir_ + "/cert.pem"; }
  std::string key_file() const { return dir_ + "/key.pem"; }
  std::string other_key_file() const { return dir_ + "/other-key.pem"; }
  const std::string& dir() const { return dir_; }

 private:
  template <class Write>
  static bool WritePem(const std::string& path, Write write) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) return false;
    const bool ok = write(f) == 1;
    return std::fclose(f) == 0 && ok;
  }

  std::string dir_;
};

std::string Get(const std::string& target, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router_.Add("GET", "/hello", [](Request&) {
      return JsonResponse(200, boost::json::object{{"hello", "world"}});
    });
    router_.Add("HEAD", "/hello", [](Request&) {
      return JsonResponse(200, boost::json::object{{"hello", "world"}});
    });
    router_.Add("POST", "/echo", [](Request& req) {
      Response res;
      res.content_type = "text/plain";
      res.headers.emplace_back("X-Method", req.method);
      const std::string* type = req.Header("content-type");
      res.headers.emplace_back("X-Request-Type", type ? *type : "none");
      res.body = req.body;
      return res;
    });
    router_.Add("GET", "/seq/{n}", [](Request& req) {
      Response res;
      res.content_type = "text/plain";
      res.body = "response " + req.path_params.at("n");
      return res;
    });
    router_.Add("GET", "/inspect/{name}", [](Request& req) {
      boost::json::array query;
      for (const auto& [k, v] : req.query) query.push_back(boost::json::array{k.c_str(), v.c_str()});
      return JsonResponse(200, boost::json::object{{"path", req.path},
                                                   {"name", req.path_params.at("name")},
                                                   {"query", query},
                                                   {"remote", req.remote_address}});
    });
    router_.Add("GET", "/throw", [](Request&) -> Response {
      throw std::runtime_error("boom");
    });
    router_.Add("GET", "/secure", [](Request& req) {
      return JsonResponse(200, boost::json::object{{"secure", req.secure}});
    });
    router_.Add("GET", "/framed", [](Request&) {
      Response res = JsonResponse(200, boost::json::object{});
      res.headers.emplace_back("X-Frame-Options", "SAMEORIGIN");
      res.headers.emplace_back("content-security-policy", "default-src 'none'");
      return res;
    });
    // Holds its blocking-pool thread until the test sets release_.
    router_.Add("POST", "/block", [this](Request&) {
      ++blocked_;
      while (!release_) std::this_thread::sleep_for(1ms);
      return JsonResponse(200, boost::json::object{});
    });
    router_.Add("GET", "/slow", [this](Request&) {
      slow_entered_ = true;
      std::this_thread::sleep_for(300ms);
      Response res;
      res.content_type = "text/plain";
      res.body = std::string(100000, 's');  // larger than one socket write
      return res;
    });
  }

  void Start(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 4;
    server_ = std::make_unique<Server>(options, [this](Request& req) {
      return router_.Dispatch(req);
    });
    auto listening = server_->Listen();
    ASSERT_TRUE(listening.has_value()) << listening.error().message;
    port_ = server_->BoundPort();
    ASSERT_NE(port_, 0);
    // Connections made before Run starts wait in the listen backlog: no readiness wait needed.
    thread_ = std::thread([this] {
      server_->Run();
      run_returned_ = true;
    });
  }

  void TearDown() override {
    release_ = true;  // a test that failed midway must not leave the drain waiting on a handler
    if (thread_.joinable()) {
      server_->Stop();
      thread_.join();
    }
  }

  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  unsigned short port_ = 0;
  std::atomic<bool> slow_entered_{false};
  std::atomic<bool> run_returned_{false};
  std::atomic<int> blocked_{0};
  std::atomic<bool> release_{false};
};

TEST_F(ServerTest, GetRoundTrip) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(Get("/hello")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, R"({"hello":"world"})");
  EXPECT_EQ(res->Get("content-type"), "application/json");
  EXPECT_EQ(res->Get("content-length"), "17");
  EXPECT_EQ(res->Get("server"), "rapport");
}

TEST_F(ServerTest, PostWithBody) {
  Start();
  RawClient client(port_);
  const std::string body = R"({"name":"Ann"})";
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                          "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, body);
  EXPECT_EQ(res->Get("content-type"), "text/plain");
  EXPECT_EQ(res->Get("x-method"), "POST");
  EXPECT_EQ(res->Get("x-request-type"), "application/json");
}

TEST_F(ServerTest, ChunkedBody) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello world");
}

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start();
  RawClient client(port_);
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(client.Send(Get("/seq/" + std::to_string(i))));
    auto res = client.Read();
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "response " + std::to_string(i));
    EXPECT_NE(res->Get("connection"), "close");
  }
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/seq/1") + Get("/seq/2") + Get("/seq/3")));
  for (int i = 1; i <= 3; ++i) {
    auto res = client.Read();
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(res->body, "response " + std::to_string(i));
  }
}

TEST_F(ServerTest, BodyTooLargeIs413AndClose) {
  Start();
  RawClient client(port_);
  const std::size_t size = 2u << 20;
  client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(size) +
              "\r\n\r\n" + std::string(size, 'x'));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->Get("content-type"), "application/json");
  EXPECT_EQ(res->Get("connection"), "close");
  EXPECT_EQ(res->ErrorCode(), "payload_too_large");
  EXPECT_EQ(res->Json().at("error").as_object().at("message").as_string(),
            "request body exceeds 1048576 bytes");
  EXPECT_TRUE(client.AtEof());
}

TEST_F(ServerTest, DeclaredLargeBodyIsRefusedBeforeItIsSent) {
  Start();
  RawClient client(port_);
  // Only the header goes out: the answer must come from Content-Length alone.
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n"));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
}

TEST_F(ServerTest, ExpectContinue) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                          "Content-Length: 5\r\n\r\n"));
  auto interim = client.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("hello"));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "hello");
}

TEST_F(ServerTest, HugeHeaderIs431) {
  Start();
  RawClient client(port_);
  client.Send(Get("/hello", "X-Big: " + std::string(20000, 'a') + "\r\n"));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 431);
  EXPECT_EQ(res->ErrorCode(), "headers_too_large");
  EXPECT_TRUE(client.AtEof());
}

TEST_F(ServerTest, MalformedRequestIs400AndClose) {
  Start();
  RawClient client(port_);
  client.Send("THIS IS NOT HTTP\r\n\r\n");
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->ErrorCode(), "malformed");
  const std::string message(res->Json().at("error").as_object().at("message").as_string());
  EXPECT_EQ(message.rfind("malformed HTTP request: ", 0), 0u) << message;
  EXPECT_TRUE(client.AtEof());
}

TEST_F(ServerTest, InvalidTargetIs400) {
  Start();
  RawClient client(port_);
  client.Send(Get("/bad%zz"));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(res->ErrorCode(), "malformed");
  EXPECT_TRUE(client.AtEof());
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerKeepsServing) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/throw")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(res->ErrorCode(), "internal");
  EXPECT_EQ(res->Json().at("error").as_object().at("message").as_string(), "internal error");
  // Same connection still works, and so does a new one.
  ASSERT_TRUE(client.Send(Get("/hello")));
  res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  RawClient other(port_);
  ASSERT_TRUE(other.Send(Get("/hello")));
  res = other.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(ServerTest, PathAndQueryArePercentDecoded) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/inspect/a%20b%C3%A9?q=x%2By+z&k=%C3%A9&flag&empty=")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto json = res->Json();
  EXPECT_EQ(json.at("path").as_string(), "/inspect/a b\xC3\xA9");
  EXPECT_EQ(json.at("name").as_string(), "a b\xC3\xA9");
  EXPECT_EQ(boost::json::serialize(json.at("query")),
            R"([["q","x+y z"],["k","é"],["flag",""],["empty",""]])");
  EXPECT_EQ(json.at("remote").as_string(), "127.0.0.1");
}

TEST_F(ServerTest, UnknownRouteIs404Json) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/nope")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->ErrorCode(), "not_found");
}

TEST_F(ServerTest, HeadResponseHasLengthButNoBody) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto res = client.Read(/*head=*/true);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->Get("content-length"), "17");
  // The connection is still correctly framed.
  ASSERT_TRUE(client.Send(Get("/seq/9")));
  res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "response 9");
}

TEST_F(ServerTest, ClientConnectionCloseIsHonoured) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/hello", "Connection: close\r\n")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->Get("connection"), "close");
  EXPECT_TRUE(client.AtEof());
}

TEST_F(ServerTest, MaxRequestsPerConnection) {
  ServerOptions options;
  options.max_requests_per_connection = 2;
  Start(options);
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/seq/1")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_NE(res->Get("connection"), "close");
  ASSERT_TRUE(client.Send(Get("/seq/2")));
  res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->Get("connection"), "close");
  EXPECT_TRUE(client.AtEof());
}

TEST_F(ServerTest, SlowRequestGets408) {
  ServerOptions options;
  options.read_timeout = 1s;
  Start(options);
  RawClient client(port_);
  ASSERT_TRUE(client.Send("GET /hello HTTP/1.1\r\nHo"));  // and nothing more
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 408);
  EXPECT_EQ(res->ErrorCode(), "request_timeout");
  EXPECT_TRUE(client.AtEof());
}

TEST_F(ServerTest, ListenFailureIsUnavailable) {
  Start();
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = port_;
  Server second(options, [](Request&) { return Response{}; });
  auto status = second.Listen();
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().message.rfind("cannot listen on 127.0.0.1:" + std::to_string(port_) +
                                             ": ",
                                         0),
            0u)
      << status.error().message;
  second.Run();  // not listening: returns at once
}

TEST_F(ServerTest, StopDrainsInFlightRequestAndClosesIdleConnections) {
  Start();
  RawClient idle(port_);
  ASSERT_TRUE(idle.Send(Get("/hello")));
  ASSERT_TRUE(idle.Read());  // now an idle keep-alive connection

  RawClient slow(port_);
  ASSERT_TRUE(slow.Send(Get("/slow")));
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!slow_entered_ && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(slow_entered_);

  const auto stop_at = std::chrono::steady_clock::now();
  server_->Stop();
  server_->Stop();  // idempotent

  auto res = slow.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, std::string(100000, 's'));
  EXPECT_EQ(res->Get("connection"), "close");
  EXPECT_TRUE(slow.AtEof());
  EXPECT_TRUE(idle.AtEof());

  thread_.join();
  EXPECT_TRUE(run_returned_);
  EXPECT_LT(std::chrono::steady_clock::now() - stop_at, 1s);
  RawClient late(port_);
  EXPECT_FALSE(late.connected());
}

TEST_F(ServerTest, StopGivesUpAfterDrainTimeout) {
  ServerOptions options;
  options.drain_timeout = 1s;  // read_timeout stays 10 s: the request below would outlive it
  Start(options);
  RawClient stuck(port_);
  ASSERT_TRUE(stuck.Send("GET /hello HTTP/1.1\r\nHo"));  // a request that never completes
  RawClient idle(port_);
  ASSERT_TRUE(idle.Send(Get("/hello")));
  ASSERT_TRUE(idle.Read());  // both connections are now registered with the server

  const auto stop_at = std::chrono::steady_clock::now();
  server_->Stop();
  thread_.join();
  const auto took = std::chrono::steady_clock::now() - stop_at;
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 2s);
  server_.reset();  // destroys the abandoned session and closes its socket
  EXPECT_TRUE(stuck.AtEof());
}

// ---- Defences: security headers, connection limit, slow clients, overload, TLS.

TEST_F(ServerTest, SecurityHeadersOnHandlerResponses) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/hello")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  ExpectSecurityHeaders(*res);
  EXPECT_EQ(res->Get("strict-transport-security"), "");  // plain HTTP: no HSTS
}

TEST_F(ServerTest, SecurityHeadersOnServerErrors) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/nope")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  ExpectSecurityHeaders(*res);

  RawClient large(port_);
  ASSERT_TRUE(large.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n"));
  res = large.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  ExpectSecurityHeaders(*res);

  RawClient malformed(port_);
  ASSERT_TRUE(malformed.Send("THIS IS NOT HTTP\r\n\r\n"));
  res = malformed.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  ExpectSecurityHeaders(*res);
}

TEST_F(ServerTest, HandlerSecurityHeaderWinsAndIsNotDuplicated) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/framed")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->Get("x-frame-options"), "SAMEORIGIN");
  EXPECT_EQ(res->Get("content-security-policy"), "default-src 'none'");
  EXPECT_EQ(CountHeader(*res, "x-frame-options"), 1) << res->head;
  EXPECT_EQ(CountHeader(*res, "content-security-policy"), 1) << res->head;
  EXPECT_EQ(res->Get("x-content-type-options"), "nosniff");  // the others still come
}

TEST_F(ServerTest, ConnectionBeyondTheLimitGets503AndIsClosed) {
  ServerOptions options;
  options.max_connections = 4;
  Start(options);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawClient>(port_));
    ASSERT_TRUE(held.back()->Send(Get("/hello")));  // served: the connection holds a slot
    auto res = held.back()->Read();
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(res->status, 200);
  }

  RawClient fifth(port_);
  ASSERT_TRUE(fifth.connected());
  fifth.Send(Get("/hello"));
  auto refused = fifth.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->ErrorCode(), "unavailable");
  const std::string message(refused->Json().at("error").as_object().at("message").as_string());
  EXPECT_NE(message.find("connection limit"), std::string::npos) << message;
  EXPECT_EQ(refused->Get("retry-after"), "1");
  EXPECT_EQ(refused->Get("connection"), "close");
  ExpectSecurityHeaders(*refused);
  EXPECT_TRUE(fifth.AtEof());

  // The held connections are still served.
  ASSERT_TRUE(held[0]->Send(Get("/seq/1")));
  auto res = held[0]->Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "response 1");

  // Closing one frees its slot (as soon as the server has seen the close).
  held.pop_back();
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    RawClient next(port_);
    ASSERT_TRUE(next.Send(Get("/hello")));
    auto answer = next.Read();
    ASSERT_TRUE(answer);
    status = answer->status;
    if (status != 200) std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(status, 200);
}

// The issue's case: a client sending one byte a second is cut off at read_timeout (the request
// deadline runs from its first byte, however steadily bytes trickle in), while other clients are
// served meanwhile.
TEST_F(ServerTest, SlowClientIsCutOffWhileOthersAreServed) {
  ServerOptions options;
  options.read_timeout = 2s;
  Start(options);

  const auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration cut_after{};
  std::optional<RawResponse> slow_answer;
  bool slow_closed = false;
  std::thread slow_client([&] {
    RawClient slow(port_);
    const std::string prefix = "GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: ";  // never ends
    for (std::size_t i = 0; std::chrono::steady_clock::now() - start < 10s; ++i) {
      if (!slow.Send(std::string(1, i < prefix.size() ? prefix[i] : 'a'))) break;
      if (slow.WaitReadable(1000ms)) break;
    }
    cut_after = std::chrono::steady_clock::now() - start;
    slow_answer = slow.Read();
    slow_closed = slow.AtEof();
  });

  // Others: a keep-alive client and a fresh connection every round, for as long as the slow
  // client is connected and a bit beyond.
  RawClient steady(port_);
  int served = 0;
  while (std::chrono::steady_clock::now() - start < 2500ms) {
    const auto sent = std::chrono::steady_clock::now();
    ASSERT_TRUE(steady.Send(Get("/hello")));
    auto res = steady.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    RawClient fresh(port_);
    ASSERT_TRUE(fresh.Send(Get("/seq/" + std::to_string(served))));
    res = fresh.Read();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->body, "response " + std::to_string(served));
    EXPECT_LT(std::chrono::steady_clock::now() - sent, 1s);
    ++served;
    std::this_thread::sleep_for(50ms);
  }
  slow_client.join();

  EXPECT_GE(served, 10);
  EXPECT_GE(cut_after, 1500ms);
  EXPECT_LE(cut_after, 3s);  // read_timeout + 1 s
  ASSERT_TRUE(slow_answer);
  EXPECT_EQ(slow_answer->status, 408);
  EXPECT_EQ(slow_answer->Get("connection"), "close");
  ExpectSecurityHeaders(*slow_answer);
  EXPECT_TRUE(slow_closed);
}

// blocking_threads + max_queued requests may wait for the write threads; one more gets 503 at once.
TEST_F(ServerTest, BlockingPoolOverloadIs503) {
  ServerOptions options;
  options.blocking_threads = 1;
  options.max_queued = 1;
  Start(options);
  const std::string block = "POST /block HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n";

  RawClient running(port_);
  ASSERT_TRUE(running.Send(block));
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (blocked_ == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_EQ(blocked_, 1);  // the only write thread is now taken

  // One of these two queues, the other is refused; which one depends on arrival order.
  RawClient second(port_), third(port_);
  ASSERT_TRUE(second.Send(block));
  ASSERT_TRUE(third.Send(block));
  RawClient* refused = nullptr;
  RawClient* queued = nullptr;
  while (refused == nullptr && std::chrono::steady_clock::now() < deadline) {
    if (second.WaitReadable(0ms)) {
      refused = &second, queued = &third;
    } else if (third.WaitReadable(0ms)) {
      refused = &third, queued = &second;
    } else {
      std::this_thread::sleep_for(1ms);
    }
  }
  ASSERT_NE(refused, nullptr) << "no 503 while the pool and its queue are full";
  auto res = refused->Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->ErrorCode(), "unavailable");
  EXPECT_EQ(res->Get("retry-after"), "1");
  ExpectSecurityHeaders(*res);
  EXPECT_FALSE(queued->WaitReadable(100ms));  // still waiting its turn
  EXPECT_EQ(blocked_, 1);

  release_ = true;
  res = running.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  res = queued->Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(blocked_, 2);
}

TEST_F(ServerTest, ForwardedProtoHttpsMarksTheRequestSecure) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/secure")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, R"({"secure":false})");
  ASSERT_TRUE(client.Send(Get("/secure", "X-Forwarded-Proto: HTTPS, http\r\n")));
  res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, R"({"secure":true})");
  ASSERT_TRUE(client.Send(Get("/secure", "X-Forwarded-Proto: http\r\n")));
  res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, R"({"secure":false})");
}

class TlsServerTest : public ServerTest {
 protected:
  ServerOptions TlsOptions() const {
    ServerOptions options;
    options.tls_cert_file = cert_.cert_file();
    options.tls_key_file = cert_.key_file();
    return options;
  }

  TestCertificate cert_;
};

TEST_F(TlsServerTest, GetOverTls) {
  Start(TlsOptions());
  RawClient client(port_);
  ASSERT_TRUE(client.StartTls(cert_.cert_file()));
  for (int i = 0; i < 2; ++i) {  // keep-alive works over TLS too
    ASSERT_TRUE(client.Send(Get("/secure")));
    auto res = client.Read();
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, R"({"secure":true})");
    ExpectSecurityHeaders(*res);
    EXPECT_EQ(res->Get("strict-transport-security"), "max-age=31536000");
  }
  ASSERT_TRUE(client.Send(Get("/seq/7", "Connection: close\r\n")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "response 7");
  EXPECT_TRUE(client.AtEof());
}

TEST_F(TlsServerTest, PostAndServerErrorsOverTls) {
  Start(TlsOptions());
  RawClient client(port_);
  ASSERT_TRUE(client.StartTls(cert_.cert_file()));
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "hello");
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000000\r\n\r\n"));
  res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(res->Get("strict-transport-security"), "max-age=31536000");
}

TEST_F(TlsServerTest, PlainHttpToTheTlsPortGetsNoHttpResponse) {
  Start(TlsOptions());
  RawClient plain(port_);
  ASSERT_TRUE(plain.Send(Get("/hello")));
  EXPECT_FALSE(plain.Read());  // closed, at most after a TLS alert: never an HTTP answer
  // The server is unharmed.
  RawClient client(port_);
  ASSERT_TRUE(client.StartTls(cert_.cert_file()));
  ASSERT_TRUE(client.Send(Get("/hello")));
  auto res = client.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(TlsServerTest, ClientThatNeverHandshakesIsDropped) {
  ServerOptions options = TlsOptions();
  options.read_timeout = 1s;
  Start(options);
  RawClient silent(port_);
  ASSERT_TRUE(silent.connected());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.AtEof());  // waits up to 3 s
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);
}

TEST_F(TlsServerTest, ConnectionBeyondTheLimitGets503OverTls) {
  ServerOptions options = TlsOptions();
  options.max_connections = 1;
  Start(options);
  RawClient held(port_);
  ASSERT_TRUE(held.StartTls(cert_.cert_file()));
  ASSERT_TRUE(held.Send(Get("/hello")));
  ASSERT_TRUE(held.Read());
  RawClient refused(port_);
  ASSERT_TRUE(refused.StartTls(cert_.cert_file()));
  auto res = refused.Read();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->Get("retry-after"), "1");
}

TEST_F(TlsServerTest, BadCertificateOrKeyFailsListenNamingTheFile) {
  const std::string missing = cert_.dir() + "/missing.pem";
  const std::string garbage = cert_.dir() + "/garbage.pem";
  std::ofstream(garbage) << "not a certificate\n";
  struct Case {
    std::string cert, key, named;
  };
  const std::vector<Case> cases = {
      {missing, cert_.key_file(), missing},
      {cert_.cert_file(), missing, missing},
      {garbage, cert_.key_file(), garbage},
      {cert_.cert_file(), garbage, garbage},
      {cert_.cert_file(), cert_.other_key_file(), cert_.other_key_file()},  // not the cert's key
  };
  for (const Case& c : cases) {
    ServerOptions options;
    options.port = 0;
    options.tls_cert_file = c.cert;
    options.tls_key_file = c.key;
    auto checked = CheckTls(options);
    ASSERT_FALSE(checked.has_value()) << c.cert << " " << c.key;
    EXPECT_EQ(checked.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(checked.error().message.find(c.named), std::string::npos) << checked.error().message;
    Server server(options, [](Request&) { return Response{}; });
    auto listened = server.Listen();
    ASSERT_FALSE(listened.has_value());
    EXPECT_EQ(listened.error().message, checked.error().message);
    EXPECT_EQ(server.BoundPort(), 0);
  }
}

TEST(ServerTlsOptionsTest, CertificateWithoutKeyIsRefused) {
  ServerOptions options;
  options.tls_cert_file = "/etc/cert.pem";
  auto checked = CheckTls(options);
  ASSERT_FALSE(checked.has_value());
  EXPECT_NE(checked.error().message.find("key"), std::string::npos) << checked.error().message;
  EXPECT_TRUE(CheckTls(ServerOptions{}).has_value());  // no TLS: nothing to check
}

TEST(ServerStopTest, StopBeforeRunReturnsPromptly) {
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  Server server(options, [](Request&) { return Response{}; });
  ASSERT_TRUE(server.Listen().has_value());
  server.Stop();
  server.Run();  // must not block
}

}  // namespace
}  // namespace rapport::http
