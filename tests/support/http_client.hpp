// A small synchronous HTTP/1.1 client for the API tests. One keep-alive connection per client,
// reopened transparently when the server closed it. Beast/Asio stay in http_client.cpp (pimpl) so
// test files that include this header compile fast.
//
// Thread safety: one HttpClient per thread; RawExchange and UrlEncode are thread-safe.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport_test {

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; repeated headers joined by ", "
  std::string body;

  // The body parsed as JSON; throws std::runtime_error (quoting the body) when it is not JSON.
  boost::json::value Json() const;
  // The header's value or "" when absent; `name` in any case.
  std::string Header(const std::string& name) const;
  // "<status> <body (first 2000 bytes)>", for assertion messages.
  std::string Summary() const;
};

// Small JSON helpers for readable assertions. `pointer` is a JSON Pointer ("/error/code").
// The value at `pointer`, or nullptr when absent.
const boost::json::value* At(const boost::json::value& v, std::string_view pointer);
// The string at `pointer`; "<missing>" when absent, "<not a string: ...>" when of another type.
std::string StrAt(const boost::json::value& v, std::string_view pointer);
// The integer at `pointer`; -999999 when absent or not an integer.
std::int64_t IntAt(const boost::json::value& v, std::string_view pointer);
// True when `pointer` exists and is JSON null.
bool IsNullAt(const boost::json::value& v, std::string_view pointer);
std::string Dump(const boost::json::value& v);

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  HttpClient(std::string host, unsigned short port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;

  // Sends exactly the given method, target, body and headers (plus Host and Content-Length).
  // Throws std::runtime_error on a transport failure (cannot connect, timeout, connection lost
  // without a response). A request on a reused connection that the server had already closed is
  // retried once on a new connection.
  Reply Request(const std::string& method, const std::string& target, const std::string& body = "",
                const Headers& headers = {});

  // Adds `Authorization: Bearer <token>` when a token is set and `Content-Type: application/json`
  // when the body is not empty (unless `headers` already has these).
  Reply Get(const std::string& target, const Headers& headers = {});
  Reply Post(const std::string& target, const std::string& body = "", const Headers& headers = {});
  Reply Patch(const std::string& target, const std::string& body = "", const Headers& headers = {});
  Reply Delete(const std::string& target, const Headers& headers = {});
  Reply Send(const std::string& method, const std::string& target, const std::string& body = "",
             const Headers& headers = {});

  void SetToken(std::string token);  // "" = no Authorization header
  const std::string& token() const;
  void SetTimeout(std::chrono::milliseconds timeout);  // per request; default 30 s
  void Close();                                        // drops the connection
  // How many TCP connections this client has opened so far (keep-alive checks).
  int connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Connects, writes `bytes` as they are, then reads until the server closes the connection or
// `timeout` passes; returns everything read (possibly ""). Throws if it cannot connect.
std::string RawExchange(const std::string& host, unsigned short port, const std::string& bytes,
                        std::chrono::milliseconds timeout = std::chrono::seconds(2));

// Percent-encodes everything but unreserved characters (RFC 3986), for query values.
std::string UrlEncode(std::string_view text);

}  // namespace rapport_test
