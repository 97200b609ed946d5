// Plain request/response types shared by the server, the router and the handlers.
// No Beast or Asio here: handlers and their tests build without the networking headers.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rapport::http {

// One parsed HTTP request, as handed to a Handler. Owned by the connection that read it and
// valid for the duration of the handler call only.
struct Request {
  std::string method;  // "GET", "POST", ... upper case as received (methods are case-sensitive)
  // Percent-decoded path without the query, e.g. "/api/v1/customers/12". Note: "%2F" decodes to
  // '/', so the router sees it as a segment separator.
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;    // percent-decoded ('+' = space), in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;
  std::map<std::string, std::string> path_params;  // filled by the Router ({id} -> "12")
  std::string remote_address;                      // peer IP address, without the port
  // Came over TLS: the server's own, or a proxy's that says `X-Forwarded-Proto: https` (trusted;
  // see http/server.hpp). Decides e.g. whether a cookie may be marked Secure.
  bool secure = false;

  // Value of the first header named `lower_name` (which must be lower case); nullptr if absent.
  const std::string* Header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";  // empty: no Content-Type header
  // Extra headers, sent as given (repeats allowed). The server owns Content-Length,
  // Transfer-Encoding and Connection; extra headers with those names are ignored.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Called once per request. Runs on an I/O thread and may block (see ServerOptions::threads).
// An escaping std::exception becomes a 500 `internal` response; the server keeps running.
using Handler = std::function<Response(Request&)>;

}  // namespace rapport::http
