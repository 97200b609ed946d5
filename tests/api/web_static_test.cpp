// The web app's files served by `rapport serve --web-root DIR` next to the API: content types,
// caching (immutable hashed /assets/, no-cache index.html), index.html for client routes, 404 for
// a missing asset, no path traversal (plain, percent-encoded, through a symbolic link), the API
// untouched, --no-web serving the API only, and a --web-root without index.html refused before
// the database is touched.
// The web root is a fixture made here, so the suite needs neither npm nor a built web app.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "server_process.hpp"

namespace {

namespace fs = std::filesystem;
using rapport_test::HttpClient;
using rapport_test::RapportServer;
using rapport_test::RawExchange;
using rapport_test::Reply;
using rapport_test::RunCli;

constexpr const char* kIndex = "<!doctype html><title>Rapport</title><div id=app></div>";
constexpr const char* kScript = "console.log('rapport app 1a2b3c');";
constexpr const char* kStyle = "body{color:#123}";
constexpr const char* kSecret = "SECRET-OUTSIDE-THE-WEB-ROOT";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

void Write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

class WebStaticTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    try {
      std::string tmpl = (fs::temp_directory_path() / "rapport-web-XXXXXX").string();
      if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
      dir_ = tmpl;
      const fs::path root = dir_ / "dist";
      Write(root / "index.html", kIndex);
      Write(root / "assets" / "index-1a2b3c.js", kScript);
      Write(root / "assets" / "index-4d5e6f.css", kStyle);
      Write(root / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
      Write(dir_ / "secret.txt", kSecret);
      // A link inside the root that leads out of it.
      fs::create_symlink(dir_ / "secret.txt", root / "assets" / "leak-000000.js");
      server_ = std::make_unique<RapportServer>(std::vector<std::string>{"--web-root", root.string()});
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() {
    server_.reset();
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }
  void SetUp() override { ASSERT_TRUE(server_) << "setup failed: " << setup_error_; }

  static HttpClient Anon() { return server_->Client(""); }

  // The raw response to `GET target` as the bytes arrived: status line, headers and body.
  static std::string Raw(const std::string& target, const std::string& method = "GET") {
    return RawExchange(server_->host(), server_->port(),
                       method + " " + target + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  }

  static inline std::unique_ptr<RapportServer> server_;
  static inline std::string setup_error_;
  static inline fs::path dir_;
};

TEST_F(WebStaticTest, IndexIsHtmlAndNeverCached) {
  Reply r = Anon().Get("/");
  ASSERT_EQ(r.status, 200) << r.Summary();
  EXPECT_EQ(r.body, kIndex);
  EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.Header("Cache-Control"), "no-cache");
  // The API's security headers apply to the page too.
  EXPECT_EQ(r.Header("X-Frame-Options"), "DENY");
  EXPECT_NE(r.Header("Content-Security-Policy").find("default-src 'self'"), std::string::npos);

  Reply named = Anon().Get("/index.html");
  ASSERT_EQ(named.status, 200) << named.Summary();
  EXPECT_EQ(named.body, kIndex);
  EXPECT_EQ(named.Header("Cache-Control"), "no-cache");
}

TEST_F(WebStaticTest, ClientRoutesGetIndexHtml) {
  for (const char* route : {"/today", "/customers", "/customers/42", "/customers/42/", "/sign-in?next=%2Ftoday"}) {
    Reply r = Anon().Get(route);
    ASSERT_EQ(r.status, 200) << route << ": " << r.Summary();
    EXPECT_EQ(r.body, kIndex) << route;
    EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8") << route;
    EXPECT_EQ(r.Header("Cache-Control"), "no-cache") << route;
  }
}

TEST_F(WebStaticTest, HashedAssetsAreImmutableWithTheirContentType) {
  Reply js = Anon().Get("/assets/index-1a2b3c.js");
  ASSERT_EQ(js.status, 200) << js.Summary();
  EXPECT_EQ(js.body, kScript);
  EXPECT_EQ(js.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.Header("Cache-Control"), kImmutable);

  Reply css = Anon().Get("/assets/index-4d5e6f.css");
  ASSERT_EQ(css.status, 200) << css.Summary();
  EXPECT_EQ(css.body, kStyle);
  EXPECT_EQ(css.Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.Header("Cache-Control"), kImmutable);

  // Files outside /assets/ are not hashed: revalidated at every load.
  Reply svg = Anon().Get("/favicon.svg");
  ASSERT_EQ(svg.status, 200) << svg.Summary();
  EXPECT_EQ(svg.Header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(svg.Header("Cache-Control"), "no-cache");
}

TEST_F(WebStaticTest, HeadAnnouncesTheLengthWithoutABody) {
  const std::string raw = Raw("/assets/index-1a2b3c.js", "HEAD");
  EXPECT_EQ(raw.rfind("HTTP/1.1 200", 0), 0u) << raw;
  EXPECT_NE(raw.find("Content-Length: " + std::to_string(std::string(kScript).size())), std::string::npos) << raw;
  EXPECT_EQ(raw.find(kScript), std::string::npos) << raw;
}

TEST_F(WebStaticTest, MissingAssetIs404NotTheIndex) {
  Reply r = Anon().Get("/assets/index-000000.js");
  EXPECT_EQ(r.status, 404) << r.Summary();
  EXPECT_EQ(r.body.find("<!doctype"), std::string::npos) << r.Summary();
  EXPECT_EQ(rapport_test::StrAt(r.Json(), "/error/code"), "not_found") << r.Summary();
}

TEST_F(WebStaticTest, NoPathTraversal) {
  const std::vector<std::string> targets = {
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E/secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/..%2fsecret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/%2e%2e%2f%2e%2e%2fsecret.txt",
      "/assets/..%5c..%5csecret.txt",
      "/./../secret.txt",
      "/assets/%2e/../../secret.txt",
      "/assets/leak-000000.js",  // a symbolic link out of the root
      "/%00/../secret.txt",
  };
  for (const std::string& target : targets) {
    const std::string raw = Raw(target);
    EXPECT_EQ(raw.find(kSecret), std::string::npos) << target << " leaked the file:\n" << raw;
    const bool refused = raw.rfind("HTTP/1.1 404", 0) == 0 || raw.rfind("HTTP/1.1 400", 0) == 0;
    EXPECT_TRUE(refused) << target << " should be 404 (or 400), got:\n" << raw.substr(0, 300);
  }
}

TEST_F(WebStaticTest, ApiPathsStayTheApis) {
  HttpClient anon = Anon();
  Reply health = anon.Get("/healthz");
  EXPECT_EQ(health.status, 200) << health.Summary();
  Reply missing = anon.Get("/api/v1/no-such-thing");
  EXPECT_EQ(missing.status, 404) << missing.Summary();
  EXPECT_EQ(rapport_test::StrAt(missing.Json(), "/error/code"), "not_found");
  Reply unauth = anon.Get("/api/v1/customers");
  EXPECT_EQ(unauth.status, 401) << unauth.Summary();
  // Writes to a page path are not file requests: the router answers (no route), as JSON.
  Reply post = anon.Post("/today", "{}");
  EXPECT_EQ(post.status, 404) << post.Summary();
  EXPECT_EQ(post.body.find("<!doctype"), std::string::npos) << post.Summary();
}

TEST(WebRootOption, NoWebServesTheApiOnly) {
  RapportServer server({"--no-web"});
  HttpClient anon = server.Client("");
  for (const char* target : {"/", "/nope", "/today", "/assets/index-1a2b3c.js"}) {
    Reply r = anon.Get(target);
    EXPECT_EQ(r.status, 404) << target << ": " << r.Summary();
    EXPECT_EQ(rapport_test::StrAt(r.Json(), "/error/code"), "not_found") << target;
  }
  EXPECT_EQ(anon.Get("/healthz").status, 200);
}

TEST(WebRootOption, WithoutIndexHtmlTheServerRefusesToStart) {
  std::string tmpl = (fs::temp_directory_path() / "rapport-web-bad-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const fs::path dir = tmpl;
  fs::create_directories(dir / "empty");
  for (const fs::path& root : {dir / "empty", dir / "missing"}) {
    auto r = RunCli({"serve", "--db", (dir / "never.db").string(), "--listen", "127.0.0.1:0", "--web-root",
                     root.string()});
    EXPECT_NE(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.err.find("--web-root"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "never.db")) << "the database was touched before the web root was checked";
  }
  std::error_code ignored;
  fs::remove_all(dir, ignored);
}

}  // namespace
