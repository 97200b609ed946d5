#include "http/static_files.hpp"

#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <system_error>
#include <utility>
#include <vector>

#include "http/error_response.hpp"

namespace rapport::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// The path's segments, or false when one of them could step outside the root or name something
// the web app never serves: ".", "..", a backslash (a separator on other systems), a NUL.
bool SafeSegments(std::string_view path, std::vector<std::string_view>& segments) {
  if (path.empty() || path.front() != '/') return false;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return false;
    if (segment.find('\\') != std::string_view::npos || segment.find('\0') != std::string_view::npos) {
      return false;
    }
    if (!segment.empty()) segments.push_back(segment);
    start = end + 1;
  }
  return true;
}

bool Within(const fs::path& root, const fs::path& file) {
  auto r = root.begin();
  auto f = file.begin();
  for (; r != root.end(); ++r, ++f) {
    if (f == file.end() || *r != *f) return false;
  }
  return true;
}

// A regular file under the root, symbolic links resolved; empty when there is none.
fs::path ResolveFile(const fs::path& root, const std::vector<std::string_view>& segments) {
  if (segments.empty()) return {};
  fs::path candidate = root;
  for (std::string_view s : segments) candidate /= fs::path(std::string(s));
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec || !Within(root, real)) return {};
  if (!fs::is_regular_file(real, ec) || ec) return {};
  return real;
}

bool ReadWhole(const fs::path& file, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

Response NotFound(std::string message) { return ErrorResponse(core::Error::NotFound(std::move(message))); }

Response FileResponse(const fs::path& file, std::string_view cache_control) {
  Response response;
  if (!ReadWhole(file, response.body)) {
    return ErrorResponse(core::Error::Internal("cannot read " + file.filename().string()));
  }
  response.content_type = ContentTypeFor(file.filename().string());
  response.headers.emplace_back("Cache-Control", std::string(cache_control));
  return response;
}

}  // namespace

bool IsApiPath(std::string_view path) {
  return path == "/api" || StartsWith(path, "/api/") || path == "/healthz";
}

std::string ContentTypeFor(std::string_view filename) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".xml", "application/xml"},
  }};
  const std::size_t dot = filename.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string ext = Lower(filename.substr(dot));
    for (const auto& [e, type] : kTypes) {
      if (ext == e) return std::string(type);
    }
  }
  return "application/octet-stream";
}

core::Result<StaticFiles> StaticFiles::Open(const fs::path& root, const std::string& option) {
  std::error_code ec;
  fs::path real = fs::canonical(root, ec);
  if (ec || !fs::is_directory(real, ec)) {
    return core::Fail(core::Error::Invalid(
        option, "the web app's directory " + root.string() + " does not exist (build it with "
                "`cmake --build build`, which runs the web target)"));
  }
  if (!fs::is_regular_file(real / "index.html", ec)) {
    return core::Fail(core::Error::Invalid(
        option, "the web app's directory " + real.string() + " has no index.html"));
  }
  return StaticFiles(std::move(real));
}

Response StaticFiles::Serve(const Request& req) const {
  std::vector<std::string_view> segments;
  if (!SafeSegments(req.path, segments)) return NotFound("no such file: " + req.path);
  const bool asset = !segments.empty() && segments.front() == "assets";
  if (fs::path file = ResolveFile(root_, segments); !file.empty()) {
    return FileResponse(file, asset ? kImmutable : kNoCache);
  }
  if (asset) return NotFound("no such asset: " + req.path);
  // A client route (/, /today, /customers/12): the app's page, which routes in the browser.
  return FileResponse(root_ / "index.html", kNoCache);
}

}  // namespace rapport::http
