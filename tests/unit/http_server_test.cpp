// The HTTP server over real sockets on 127.0.0.1 (port 0), driven by a raw POSIX client so the
// tests control exactly which bytes go on the wire (pipelining, malformed input, partial reads).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

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
  std::map<std::string, std::string> headers;  // lower-cased names
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
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }

  // False if the peer stopped accepting bytes (reset or closed).
  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
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
    ssize_t n = ::recv(fd_, &c, 1, 0);
    if (n == 0) return true;
    if (n < 0 && (errno == ECONNRESET)) return true;
    return false;  // data, or timeout (EAGAIN)
  }

 private:
  bool Fill() {
    char chunk[16384];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
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
