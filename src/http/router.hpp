// Method + path-template routing. Routes are registered at start-up (Add is not thread-safe);
// after that Dispatch and Routes are const and may be called from any number of threads.
#pragma once

#include <string>
#include <vector>

#include "http/request.hpp"

namespace rapport::http {

class Router {
 public:
  // `pattern`: '/'-separated literal segments and "{name}" segments, e.g.
  // "/api/v1/customers/{id}/stage". A path matches when the segment count is equal, every literal
  // is equal and every {name} segment is non-empty. Where several routes of the request's method
  // match, the most specific wins: a literal beats {name} at the first segment where they differ
  // ("/customers/search" before "/customers/{id}"), whatever the registration order.
  // Throws std::invalid_argument (a start-up bug) for a malformed pattern, an empty method, a
  // repeated {name} in one pattern, or a duplicate (method, pattern) pair.
  void Add(std::string method, std::string pattern, Handler handler);

  // Matches req.path, fills req.path_params, calls the handler and returns its response.
  // No path match: 404 `not_found` "no route for <path>". Path matches but not the method: 405
  // `method_not_allowed` with header "Allow: GET, PATCH" (sorted). HEAD is not derived from GET.
  // Exceptions from the handler propagate (the server turns them into 500).
  Response Dispatch(Request& req) const;

  struct RouteInfo {
    std::string method, pattern;
  };
  // Every registered route, in registration order (used to check OpenAPI coverage).
  std::vector<RouteInfo> Routes() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool is_param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace rapport::http
