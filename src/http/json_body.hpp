// Decoding request bodies and query strings into domain inputs, with an error for every bad
// field (wrong type, too long, unknown). Pure functions over Request; thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/patch.hpp"
#include "http/request.hpp"

namespace rapport::http {

// The body as a JSON object: 415 unless Content-Type is application/json, 400 when it does not
// parse or is not an object.
core::Result<boost::json::object> ParseJsonObjectBody(const Request& req);

// Reads fields from one JSON object, collecting errors under `prefix` ("address." ...).
class FieldReader {
 public:
  FieldReader(const boost::json::object& obj, std::string prefix,
              std::map<std::string, std::string>& errors)
      : obj_(obj), prefix_(std::move(prefix)), errors_(errors) {}

  domain::Patch<std::string> String(std::string_view key);
  domain::Patch<std::int64_t> Integer(std::string_view key);
  domain::Patch<core::Id> IdField(std::string_view key);
  domain::Patch<std::vector<std::string>> StringList(std::string_view key);
  domain::Patch<bool> Boolean(std::string_view key);
  domain::Patch<double> Number(std::string_view key);
  domain::Patch<std::vector<core::Id>> IdList(std::string_view key);
  domain::Patch<core::Date> Date(std::string_view key);       // "YYYY-MM-DD"
  domain::Patch<core::Timestamp> Time(std::string_view key);  // ISO 8601 with a zone
  // An array of objects (nullptr when absent or null); `present`/`is_null` tell which.
  const boost::json::array* ObjectArray(std::string_view key, bool& present, bool& is_null);
  // A nested object (nullptr when absent or null); `present`/`is_null` tell which.
  const boost::json::object* Object(std::string_view key, bool& present, bool& is_null);
  void Reject(std::string_view key, std::string reason);  // marks a present key as an error
  // Every key not read or rejected so far becomes "unknown field".
  void RejectUnknown();
  void Fail(std::string_view key, std::string reason) { errors_[prefix_ + std::string(key)] = std::move(reason); }

 private:
  const boost::json::value* Take(std::string_view key);
  const boost::json::object& obj_;
  std::string prefix_;
  std::map<std::string, std::string>& errors_;
  std::set<std::string, std::less<>> seen_;
};

// For tests: while one lives, every key a FieldReader of this thread reads (String, Integer, ...,
// Object; not Reject) is recorded as prefix + key ("name", "address.city"). The decoder <-> schema
// test reads a decoder's fields this way (tests/unit/decoder_schema_test.cpp). Recorders nest.
class FieldReadRecorder {
 public:
  FieldReadRecorder();
  ~FieldReadRecorder();
  FieldReadRecorder(const FieldReadRecorder&) = delete;
  FieldReadRecorder& operator=(const FieldReadRecorder&) = delete;
  const std::set<std::string>& keys() const { return keys_; }

 private:
  friend class FieldReader;
  std::set<std::string> keys_;
  FieldReadRecorder* outer_;
};

// The path parameter "id" as an id; kNotFound naming `what` ("customer 0x not found") otherwise.
core::Result<core::Id> PathId(const Request& req, std::string_view what);

// The value of a field present and not null; nullopt otherwise (inputs where null means absent).
template <typename T>
std::optional<T> ValueOf(const domain::Patch<T>& p) {
  return p && *p ? std::optional<T>(**p) : std::nullopt;
}

// If-Match: "<version>" (or W/"<version>", or *): the version a client expects to change.
core::Result<std::optional<std::int64_t>> ExpectedVersion(const Request& req);

// Query parameters: every name must be known (422 otherwise) and given once.
class QueryReader {
 public:
  QueryReader(const Request& req, std::initializer_list<std::string_view> known);
  std::optional<std::string> Get(std::string_view name) const;
  // limit: default when absent; otherwise an integer within [1, max] or an error.
  int Limit(int default_limit, int max_limit);
  // An integer parameter within [min, max]; `fallback` when absent (or wrong, with an error).
  int IntParam(std::string_view name, int fallback, int min, int max);
  std::optional<core::Id> IdParam(std::string_view name);
  // An ISO 8601 date or time ("2026-01-01" is its midnight UTC).
  std::optional<core::Timestamp> TimeParam(std::string_view name);
  void Fail(std::string_view name, std::string reason) { errors_[std::string(name)] = std::move(reason); }
  core::Status Finish();  // the collected errors, if any

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, std::string> errors_;
};

}  // namespace rapport::http
