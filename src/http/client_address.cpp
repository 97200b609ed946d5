#include "http/client_address.hpp"

#include <algorithm>

namespace rapport::http {
namespace {

bool Trusted(const std::vector<std::string>& proxies, std::string_view address) {
  return std::find(proxies.begin(), proxies.end(), address) != proxies.end();
}

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

}  // namespace

void ResolveClientAddress(Request& req, const std::vector<std::string>& trusted_proxies) {
  if (trusted_proxies.empty() || !Trusted(trusted_proxies, req.remote_address)) return;
  // Every X-Forwarded-For header, in order, is one comma-separated list; walk it right to left.
  std::vector<std::string_view> hops;
  for (const auto& [name, value] : req.headers) {
    if (name != "x-forwarded-for") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      hops.push_back(Trim(rest.substr(0, comma)));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (it->empty() || it->size() > 64) return;  // malformed: keep the proxy's address
    req.remote_address = std::string(*it);
    if (!Trusted(trusted_proxies, *it)) return;
  }
}

}  // namespace rapport::http
