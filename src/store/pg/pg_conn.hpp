// A thin RAII layer over libpq: one connection with named prepared statements (prepared once per
// connection, on first use) and every parameter bound as text. Used by one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"

namespace rapport::store::pg {

// Maps a failed result (or connection) to an Error by SQLSTATE: 23505 unique violation ->
// kConflict; 40001/40P01 serialization failure or deadlock -> kUnavailable (retryable);
// 08xxx connection errors, 53xxx resources, 57Pxx shutdown -> kUnavailable; others kInternal.
core::Error PgError(PGconn* conn, const PGresult* res, std::string_view context);
bool IsRetryable(const core::Error& e);

class Result {
 public:
  explicit Result(PGresult* r) : r_(r) {}
  Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { PQclear(r_); }

  const PGresult* get() const { return r_; }
  int Rows() const { return PQntuples(r_); }
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col) == 1; }
  std::string Text(int row, int col) const {
    return std::string(PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col)));
  }
  std::optional<std::string> OptText(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return Text(row, col);
  }
  std::int64_t Int(int row, int col) const { return std::strtoll(PQgetvalue(r_, row, col), nullptr, 10); }
  std::optional<std::int64_t> OptInt(int row, int col) const {
    if (IsNull(row, col)) return std::nullopt;
    return Int(row, col);
  }
  std::int64_t Affected() const { return std::strtoll(PQcmdTuples(r_), nullptr, 10); }

 private:
  PGresult* r_;
};

// Text parameters; nullopt is SQL NULL.
class Params {
 public:
  Params& Add(std::string_view v) { values_.emplace_back(std::string(v)); return *this; }
  Params& Add(const char* v) { return Add(std::string_view(v)); }
  Params& Add(const std::string& v) { return Add(std::string_view(v)); }
  Params& Add(std::int64_t v) { values_.emplace_back(std::to_string(v)); return *this; }
  Params& Add(const std::optional<std::string>& v) { values_.push_back(v); return *this; }
  Params& Add(const std::optional<std::int64_t>& v) {
    values_.push_back(v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt);
    return *this;
  }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

class Connection {
 public:
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& conninfo);
  ~Connection();

  // Runs `sql` (prepared on first use on this connection) with `params`.
  core::Result<Result> Query(std::string_view sql, const Params& params = {});
  // One or more statements without parameters (DDL, BEGIN/COMMIT).
  core::Status Exec(const char* sql);
  bool Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  PGconn* handle() const { return conn_; }

 private:
  explicit Connection(PGconn* c) : conn_(c) {}
  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // sql -> statement name
};

}  // namespace rapport::store::pg
