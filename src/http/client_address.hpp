// The client's address behind reverse proxies. Behind nginx every request comes from the proxy's
// address, which would make per-address login throttling lock out everyone at once; so when the
// peer is a trusted proxy, the client is the right-most X-Forwarded-For entry that is not itself a
// trusted proxy. Untrusted peers cannot spoof their address this way.
#pragma once

#include <string>
#include <vector>

#include "http/request.hpp"

namespace rapport::http {

// Sets req.remote_address to the client's address as described above.
void ResolveClientAddress(Request& req, const std::vector<std::string>& trusted_proxies);

}  // namespace rapport::http
