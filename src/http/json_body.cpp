#include "http/json_body.hpp"

#include <boost/json/parse.hpp>
#include <charconv>

namespace rapport::http {
namespace {

std::string TypeName(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "an integer";
    case boost::json::kind::double_: return "a number with a fraction";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

std::string WrongType(const char* expected, const boost::json::value& v) {
  return std::string("must be ") + expected + ", not " + TypeName(v);
}

bool IsJsonContentType(const std::string& value) {
  std::string lower;
  for (char c : value) {
    if (c == ';') break;
    if (c != ' ' && c != '\t') lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower == "application/json" || (lower.starts_with("application/") && lower.ends_with("+json"));
}

}  // namespace

core::Result<boost::json::object> ParseJsonObjectBody(const Request& req) {
  const std::string* type = req.Header("content-type");
  if (!type || !IsJsonContentType(*type))
    return core::Fail(core::Error{core::ErrorCode::kUnsupportedMediaType,
                                  "the request body must be JSON: send Content-Type: application/json",
                                  {}});
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(req.body, ec);
  if (ec)
    return core::Fail(core::Error{core::ErrorCode::kMalformed,
                                  "the request body is not valid JSON: " + ec.message(), {}});
  if (!v.is_object())
    return core::Fail(core::Error{core::ErrorCode::kMalformed,
                                  "the request body must be a JSON object, not " + TypeName(v), {}});
  return std::move(v.as_object());
}

namespace {
thread_local FieldReadRecorder* current_recorder = nullptr;
}  // namespace

FieldReadRecorder::FieldReadRecorder() : outer_(current_recorder) { current_recorder = this; }
FieldReadRecorder::~FieldReadRecorder() { current_recorder = outer_; }

const boost::json::value* FieldReader::Take(std::string_view key) {
  seen_.emplace(key);
  if (current_recorder) current_recorder->keys_.insert(prefix_ + std::string(key));
  auto it = obj_.find(key);
  return it == obj_.end() ? nullptr : &it->value();
}

domain::Patch<std::string> FieldReader::String(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) {
    Fail(key, WrongType("a string", *v));
    return std::nullopt;
  }
  return std::optional<std::string>{std::string(v->as_string())};
}

domain::Patch<std::int64_t> FieldReader::Integer(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::int64_t>{};
  if (v->is_int64()) return std::optional<std::int64_t>{v->as_int64()};
  if (v->is_uint64()) {
    Fail(key, "too large");
    return std::nullopt;
  }
  Fail(key, WrongType("an integer", *v));
  return std::nullopt;
}

domain::Patch<core::Id> FieldReader::IdField(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<core::Id>{};
  std::optional<core::Id> id;
  if (v->is_string()) id = core::ParseId(v->as_string());
  else if (v->is_int64() && v->as_int64() > 0) id = v->as_int64();
  else {
    Fail(key, WrongType("an id string", *v));
    return std::nullopt;
  }
  if (!id) {
    Fail(key, "not a valid id");
    return std::nullopt;
  }
  return std::optional<core::Id>{*id};
}

domain::Patch<std::vector<std::string>> FieldReader::StringList(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::vector<std::string>>{};
  if (!v->is_array()) {
    Fail(key, WrongType("an array of strings", *v));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  const auto& arr = v->as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_string()) {
      Fail(std::string(key) + "[" + std::to_string(i) + "]", WrongType("a string", arr[i]));
      ok = false;
    } else {
      out.emplace_back(arr[i].as_string());
    }
  }
  if (!ok) return std::nullopt;
  return std::optional<std::vector<std::string>>{std::move(out)};
}

domain::Patch<bool> FieldReader::Boolean(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return domain::Patch<bool>(std::in_place, std::nullopt);
  if (v->is_bool()) return domain::Patch<bool>(std::in_place, v->as_bool());
  Fail(key, WrongType("true or false", *v));
  return std::nullopt;
}

domain::Patch<double> FieldReader::Number(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<double>{};
  if (v->is_number()) return std::optional<double>{v->to_number<double>()};
  Fail(key, WrongType("a number", *v));
  return std::nullopt;
}

domain::Patch<std::vector<core::Id>> FieldReader::IdList(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::vector<core::Id>>{};
  if (!v->is_array()) {
    Fail(key, WrongType("an array of ids", *v));
    return std::nullopt;
  }
  std::vector<core::Id> out;
  const auto& arr = v->as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::optional<core::Id> id;
    if (arr[i].is_string()) id = core::ParseId(arr[i].as_string());
    else if (arr[i].is_int64() && arr[i].as_int64() > 0) id = arr[i].as_int64();
    if (!id) {
      Fail(std::string(key) + "[" + std::to_string(i) + "]", "not a valid id");
      return std::nullopt;
    }
    out.push_back(*id);
  }
  return std::optional<std::vector<core::Id>>{std::move(out)};
}

domain::Patch<core::Date> FieldReader::Date(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<core::Date>{};
  if (v->is_string())
    if (auto d = core::ParseDate(v->as_string())) return std::optional<core::Date>{*d};
  Fail(key, "must be a date YYYY-MM-DD");
  return std::nullopt;
}

domain::Patch<core::Timestamp> FieldReader::Time(std::string_view key) {
  const auto* v = Take(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<core::Timestamp>{};
  if (v->is_string())
    if (auto t = core::ParseIso8601(v->as_string())) return std::optional<core::Timestamp>{*t};
  Fail(key, "must be an ISO 8601 time with a zone, e.g. 2026-11-23T09:30:00Z");
  return std::nullopt;
}

const boost::json::array* FieldReader::ObjectArray(std::string_view key, bool& present, bool& is_null) {
  const auto* v = Take(key);
  present = v != nullptr;
  is_null = v && v->is_null();
  if (!v || v->is_null()) return nullptr;
  bool ok = v->is_array();
  if (ok)
    for (const auto& e : v->as_array()) ok = ok && e.is_object();
  if (!ok) {
    Fail(key, WrongType("an array of objects", *v));
    present = false;
    return nullptr;
  }
  return &v->as_array();
}

const boost::json::object* FieldReader::Object(std::string_view key, bool& present, bool& is_null) {
  const auto* v = Take(key);
  present = v != nullptr;
  is_null = v && v->is_null();
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) {
    Fail(key, WrongType("an object", *v));
    present = false;
    return nullptr;
  }
  return &v->as_object();
}

void FieldReader::Reject(std::string_view key, std::string reason) {
  seen_.emplace(key);
  if (obj_.contains(key)) Fail(key, std::move(reason));
}

void FieldReader::RejectUnknown() {
  for (const auto& kv : obj_)
    if (!seen_.contains(std::string_view(kv.key()))) Fail(kv.key(), "unknown field");
}

core::Result<core::Id> PathId(const Request& req, std::string_view what) {
  const std::string& raw = req.path_params.at("id");
  auto id = core::ParseId(raw);
  if (!id) return core::Fail(core::Error::NotFound(std::string(what) + " " + raw + " not found"));
  return *id;
}

core::Result<std::optional<std::int64_t>> ExpectedVersion(const Request& req) {
  const std::string* h = req.Header("if-match");
  if (!h) return std::optional<std::int64_t>{};
  std::string_view v = *h;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v == "*") return std::optional<std::int64_t>{};
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t version = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
  if (ec != std::errc() || p != v.data() + v.size())
    return core::Fail(core::Error::Invalid("If-Match", "must be an ETag from a previous response"));
  return std::optional<std::int64_t>{version};
}

QueryReader::QueryReader(const Request& req, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : req.query) {
    bool ok = false;
    for (auto k : known) ok |= k == name;
    if (!ok) {
      errors_[name] = "unknown query parameter";
    } else if (!values_.emplace(name, value).second) {
      errors_[name] = "given more than once";
    }
  }
}

std::optional<std::string> QueryReader::Get(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

int QueryReader::Limit(int default_limit, int max_limit) { return IntParam("limit", default_limit, 1, max_limit); }

int QueryReader::IntParam(std::string_view name, int fallback, int min, int max) {
  const auto raw = Get(name);
  if (!raw) return fallback;
  int v = 0;
  const auto [p, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || p != raw->data() + raw->size() || v < min || v > max) {
    Fail(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return fallback;
  }
  return v;
}

std::optional<core::Id> QueryReader::IdParam(std::string_view name) {
  const auto raw = Get(name);
  if (!raw) return std::nullopt;
  auto id = core::ParseId(*raw);
  if (!id) Fail(name, "not a valid id");
  return id;
}

std::optional<core::Timestamp> QueryReader::TimeParam(std::string_view name) {
  const auto raw = Get(name);
  if (!raw) return std::nullopt;
  if (auto t = core::ParseIso8601(*raw)) return t;
  Fail(name, "must be an ISO 8601 date or time, e.g. 2026-01-01 or 2026-01-01T00:00:00Z");
  return std::nullopt;
}

core::Status QueryReader::Finish() {
  if (errors_.empty()) return {};
  return core::Fail(core::Error::Invalid(std::move(errors_)));
}

}  // namespace rapport::http
