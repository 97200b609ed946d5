// Serves the web application's built files (Vite's dist/: index.html and hashed /assets/*) next to
// the API. No Beast here: the server hands over plain Requests.
//
// - GET and HEAD only; the caller routes everything else (and every API path) to the Router.
// - A file under the root is sent with its Content-Type. Files under /assets/ carry content hashes
//   in their names, so they are cached for a year (`public, max-age=31536000, immutable`); every
//   other file, index.html first, is `no-cache` so a new release is picked up at the next load.
// - A path that names no file is a client route of the single-page app: index.html is sent
//   (no-cache), except under /assets/, where a missing file is a 404 (a stale page asking for an
//   asset of an older build must fail visibly, not receive HTML as JavaScript).
// - No path traversal: a path with a "." or ".." segment (the server has already percent-decoded
//   "%2e%2e"), a backslash or a NUL is a 404, and a file reached through a symbolic link that leads
//   outside the root is not served.
//
// Thread-safe: Serve only reads the file system.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "http/request.hpp"

namespace rapport::http {

// The API's own paths, never answered by the web app: /api, /api/..., /healthz.
bool IsApiPath(std::string_view path);

// Content-Type for a file name by its extension ("app.js" -> "text/javascript; charset=utf-8");
// application/octet-stream when unknown.
std::string ContentTypeFor(std::string_view filename);

class StaticFiles {
 public:
  // `root` must be a directory holding index.html; otherwise kInvalidArgument naming the option
  // `option` and saying what is missing.
  static core::Result<StaticFiles> Open(const std::filesystem::path& root,
                                        const std::string& option = "--web-root");

  Response Serve(const Request& req) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;  // canonical, absolute
};

}  // namespace rapport::http
