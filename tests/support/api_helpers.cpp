#include "api_helpers.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace rapport_test {

namespace json = boost::json;

std::string Show(const CliResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.out + "\nstderr: " + r.err;
}

std::string IdText(const json::value* v) {
  if (v == nullptr) return "<missing>";
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  return Dump(*v);
}

std::string SelfId(HttpClient& client) {
  Reply r = client.Get("/api/v1/auth/session");
  EXPECT_EQ(r.status, 200) << r.Summary();
  return r.status == 200 ? StrAt(r.Json(), "/user/id") : std::string();
}

json::value GetJson(HttpClient& client, const std::string& target) {
  Reply r = client.Get(target);
  EXPECT_EQ(r.status, 200) << "GET " << target << ": " << r.Summary();
  return r.status == 200 ? r.Json() : json::value();
}

std::vector<json::value> AuditEntries(HttpClient& admin, const std::string& action) {
  std::vector<json::value> out;
  const json::value page = GetJson(admin, "/api/v1/audit?limit=1000");
  if (page.is_null()) return out;
  for (const json::value& e : page.at("data").as_array())
    if (StrAt(e, "/action") == action) out.push_back(e);
  return out;
}

json::value CreateUser(HttpClient& admin, const json::object& user) {
  Reply r = admin.Post("/api/v1/users", Dump(user));
  EXPECT_EQ(r.status, 201) << Dump(user) << " -> " << r.Summary();
  return r.status == 201 ? r.Json() : json::value();
}

std::string CreateToken(HttpClient& admin, const std::string& user_id, const std::string& name) {
  Reply r = admin.Post("/api/v1/tokens", Dump(json::object{{"name", name}, {"user_id", user_id}}));
  EXPECT_EQ(r.status, 201) << "token for user " << user_id << ": " << r.Summary();
  return r.status == 201 ? StrAt(r.Json(), "/token") : std::string();
}

UserAndToken CreateUserWithToken(HttpClient& admin, const json::object& user,
                                 const std::string& token_name) {
  UserAndToken out;
  const json::value created = CreateUser(admin, user);
  if (!created.is_object()) return out;
  out.id = StrAt(created, "/id");
  out.token = CreateToken(admin, out.id, token_name);
  return out;
}

Reply Login(HttpClient& client, const std::string& email, const std::string& password,
            const Headers& headers) {
  return client.Post("/api/v1/auth/login",
                     Dump(json::object{{"email", email}, {"password", password}}), headers);
}

std::string SessionCookie(const Reply& login) {
  const std::string set_cookie = login.Header("set-cookie");
  const auto start = set_cookie.find("rapport_session=");
  if (start == std::string::npos) return "";
  return set_cookie.substr(start, set_cookie.find(';', start) - start);
}

Walk WalkPages(HttpClient& client, const std::string& target, int max_pages) {
  Walk w;
  std::string cursor;
  for (int page = 0; page < max_pages; ++page) {
    const std::string url = cursor.empty() ? target : target + "&cursor=" + UrlEncode(cursor);
    Reply r = client.Get(url);
    if (r.status != 200) {
      ADD_FAILURE() << "GET " << url << " -> " << r.Summary();
      return w;
    }
    json::value v = r.Json();
    const json::value* data = At(v, "/data");
    const json::value* next = At(v, "/next_cursor");
    if (data == nullptr || !data->is_array() || next == nullptr) {
      ADD_FAILURE() << "GET " << url << ": expected {data:[...], next_cursor}: " << r.body;
      return w;
    }
    w.page_sizes.push_back(data->as_array().size());
    for (const auto& item : data->as_array()) {
      w.ids.push_back(StrAt(item, "/id"));
      w.items.push_back(item);
    }
    if (next->is_null()) {
      w.ok = true;
      return w;
    }
    if (!next->is_string() || next->get_string().empty()) {
      ADD_FAILURE() << "next_cursor must be null or a non-empty string: " << r.body;
      return w;
    }
    cursor = std::string(next->get_string());
  }
  ADD_FAILURE() << "more than " << max_pages << " pages for " << target;
  return w;
}

std::string IsoDaysAgo(std::int64_t days) {
  const auto t = std::chrono::system_clock::now() - std::chrono::hours(24 * days);
  const std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace rapport_test
