// One SQL dialect for both backends. Repositories written against SqlSession run unchanged on
// SQLite and PostgreSQL: the statements use $1, $2, ... placeholders (the SQLite session rewrites
// them to ?1, ?2, ...) and only the SQL both engines accept (INTEGER/BIGINT, TEXT, RETURNING,
// ON CONFLICT, CAST(... AS BIGINT) where a parameter's type must be explicit).
//
// Every repository is written once over this layer (store/common). What genuinely differs stays
// in the backend's folder behind a narrow hook: the customer search (FTS5 and SQLite's index
// choices vs pg_trgm, store/common/customer_repo.hpp's CustomerSearch) and, through
// ForUpdate(), row locking.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace rapport::store {

using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// A statement parameter; converts implicitly from the value types repositories bind.
struct SqlArg {
  SqlValue value;
  SqlArg(std::nullopt_t) {}
  SqlArg(int v) : value(std::int64_t{v}) {}
  SqlArg(long v) : value(std::int64_t{v}) {}
  SqlArg(long long v) : value(static_cast<std::int64_t>(v)) {}
  SqlArg(bool v) : value(std::int64_t{v ? 1 : 0}) {}
  SqlArg(double v) : value(v) {}
  SqlArg(core::Timestamp t) : value(t.ms) {}
  SqlArg(std::string v) : value(std::move(v)) {}
  SqlArg(std::string_view v) : value(std::string(v)) {}
  SqlArg(const char* v) : value(std::string(v)) {}
  template <typename T>
  SqlArg(const std::optional<T>& v) {
    if (v) value = SqlArg(*v).value;
  }
};
using SqlArgs = std::vector<SqlArg>;

// A fully read result: rows x columns of typed cells (integers, reals, text, NULL).
class SqlRows {
 public:
  SqlRows() = default;
  SqlRows(int columns, std::vector<SqlValue> cells) : columns_(columns), cells_(std::move(cells)) {}
  int Rows() const { return columns_ == 0 ? 0 : static_cast<int>(cells_.size()) / columns_; }
  int Columns() const { return columns_; }
  bool Empty() const { return Rows() == 0; }
  bool IsNull(int row, int col) const { return std::holds_alternative<std::monostate>(At(row, col)); }
  std::int64_t Int(int row, int col) const;  // NULL reads as 0
  double Real(int row, int col) const;
  std::string Text(int row, int col) const;  // NULL reads as ""
  bool Bool(int row, int col) const { return Int(row, col) != 0; }
  core::Timestamp Time(int row, int col) const { return {Int(row, col)}; }
  std::optional<std::int64_t> OptInt(int row, int col) const;
  std::optional<std::string> OptText(int row, int col) const;
  std::optional<core::Timestamp> OptTime(int row, int col) const;
  const SqlValue& At(int row, int col) const {
    return cells_[static_cast<std::size_t>(row * columns_ + col)];
  }

 private:
  int columns_ = 0;
  std::vector<SqlValue> cells_;
};

// One row of a streamed result (SqlSession::Scan); valid only inside the visitor given it.
class SqlRowView {
 public:
  virtual ~SqlRowView() = default;
  virtual bool IsNull(int col) const = 0;
  virtual std::int64_t Int(int col) const = 0;       // NULL reads as 0
  virtual std::string_view Text(int col) const = 0;  // NULL reads as ""
  core::Timestamp Time(int col) const { return {Int(col)}; }
  std::optional<core::Timestamp> OptTime(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Time(col);
  }
};
using SqlRowVisitor = std::function<void(const SqlRowView&)>;

// A connection inside an open transaction. Statements are prepared once per connection.
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  virtual core::Result<SqlRows> Query(std::string_view sql, const SqlArgs& args = {}) = 0;
  // Hands each row to `visit` as it is read, for scans of many rows that are folded into a few
  // figures: no result of 100k rows x 10 cells is built first (on SQLite that copy cost more
  // than the scan). This default reads the whole result first: libpq does that anyway.
  virtual core::Status Scan(std::string_view sql, const SqlArgs& args, const SqlRowVisitor& visit);
  // Runs a statement without rows; returns how many rows it changed.
  virtual core::Result<std::int64_t> Exec(std::string_view sql, const SqlArgs& args = {}) = 0;
  // Runs an INSERT of one row into a table with an `id` key (written without RETURNING) and
  // returns the new row's id: RETURNING id on PostgreSQL, last_insert_rowid() on SQLite, where
  // RETURNING builds a temporary table for every statement (bulk loads insert millions).
  virtual core::Result<std::int64_t> InsertId(std::string_view sql, const SqlArgs& args) = 0;
  // True inside a write transaction (PostgreSQL then locks rows read FOR UPDATE).
  virtual bool Writing() const = 0;
  // " FOR UPDATE" on PostgreSQL inside a write transaction; "" on SQLite, whose single writer
  // already serialises read-modify-write.
  virtual std::string_view ForUpdate() const = 0;
};

}  // namespace rapport::store
