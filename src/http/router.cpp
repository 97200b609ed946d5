#include "http/router.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "http/error_response.hpp"

namespace rapport::http {
namespace {

// "/a/b" -> {"a","b"}; "/" -> {""}; "/a/" -> {"a",""}. `path` must start with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  for (;;) {
    std::size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("Router::Add(" + method + " " + pattern + "): " + why);
  };
  if (method.empty()) fail("empty method");
  if (pattern.empty() || pattern.front() != '/') fail("pattern must start with '/'");
  if (!handler) fail("empty handler");

  Route route{method, pattern, {}, std::move(handler)};
  for (std::string_view part : SplitPath(pattern)) {
    Segment segment;
    if (!part.empty() && part.front() == '{') {
      if (part.size() < 3 || part.back() != '}') fail("bad parameter segment");
      segment.text = std::string(part.substr(1, part.size() - 2));
      segment.is_param = true;
      if (segment.text.find_first_of("{}") != std::string::npos) fail("bad parameter name");
      for (const Segment& other : route.segments) {
        if (other.is_param && other.text == segment.text) fail("repeated parameter name");
      }
    } else {
      if (part.find_first_of("{}") != std::string_view::npos) fail("braces inside a literal");
      segment.text = std::string(part);
    }
    route.segments.push_back(std::move(segment));
  }
  for (const Route& existing : routes_) {
    if (existing.method == method && existing.pattern == pattern) fail("duplicate route");
  }
  routes_.push_back(std::move(route));
}

Response Router::Dispatch(Request& req) const {
  if (req.path.empty() || req.path.front() != '/') {
    return ErrorResponse(core::Error::NotFound("no route for " + req.path));
  }
  const std::vector<std::string_view> parts = SplitPath(req.path);

  auto matches = [&](const Route& route) {
    if (route.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const Segment& segment = route.segments[i];
      if (segment.is_param ? parts[i].empty() : segment.text != parts[i]) return false;
    }
    return true;
  };
  // True if `a` is more specific than `b`: a literal where `b` has a parameter, at the first
  // position where they differ.
  auto more_specific = [](const Route& a, const Route& b) {
    for (std::size_t i = 0; i < a.segments.size(); ++i) {
      if (a.segments[i].is_param != b.segments[i].is_param) return !a.segments[i].is_param;
    }
    return false;
  };

  const Route* best = nullptr;
  std::vector<std::string> allowed;
  for (const Route& route : routes_) {
    if (!matches(route)) continue;
    if (route.method == req.method) {
      if (best == nullptr || more_specific(route, *best)) best = &route;
    } else if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) {
      allowed.push_back(route.method);
    }
  }

  if (best != nullptr) {
    req.path_params.clear();
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (best->segments[i].is_param) {
        req.path_params.emplace(best->segments[i].text, std::string(parts[i]));
      }
    }
    return best->handler(req);
  }
  if (allowed.empty()) return ErrorResponse(core::Error::NotFound("no route for " + req.path));

  std::sort(allowed.begin(), allowed.end());
  std::string allow;
  for (const std::string& m : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  Response response = ErrorResponse(core::Error{
      core::ErrorCode::kMethodNotAllowed,
      "method " + req.method + " not allowed for " + req.path + "; allowed: " + allow,
      {}});
  response.headers.emplace_back("Allow", std::move(allow));
  return response;
}

std::vector<Router::RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  out.reserve(routes_.size());
  for (const Route& route : routes_) out.push_back({route.method, route.pattern});
  return out;
}

}  // namespace rapport::http
