// A thin RAII layer over the SQLite C API: one connection with a prepared-statement cache.
// A Connection is used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/error.hpp"

namespace rapport::store::sqlite {

// How long a connection waits for a lock held by another connection before SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 5000;

// Maps an SQLite result code to an Error: busy/locked/full/I-O -> kUnavailable, unique or
// primary-key violations -> kConflict, the rest -> kInternal.
core::Error SqliteError(sqlite3* db, int rc, std::string_view context);

class Stmt {
 public:
  // owned: finalize on destruction (an uncached statement) instead of resetting.
  explicit Stmt(sqlite3_stmt* s, bool owned = false) : s_(s), owned_(owned) {}
  Stmt(Stmt&& o) noexcept : s_(std::exchange(o.s_, nullptr)), owned_(o.owned_) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() {
    if (!s_) return;
    if (owned_) {
      sqlite3_finalize(s_);
    } else {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
    }
  }

  // Binders take 1-based positions.
  Stmt& Bind(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); return *this; }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::optional<std::string>& v) {
    return v ? Bind(i, std::string_view(*v)) : BindNull(i);
  }
  Stmt& Bind(int i, const std::optional<std::int64_t>& v) { return v ? Bind(i, *v) : BindNull(i); }
  Stmt& BindNull(int i) { sqlite3_bind_null(s_, i); return *this; }
  Stmt& Bind(int i, double v) { sqlite3_bind_double(s_, i, v); return *this; }

  // Next row: true for a row, false when done; errors as values.
  core::Result<bool> Step();
  // Runs to completion (for statements without rows).
  core::Status Run();

  std::int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Real(int col) const { return sqlite3_column_double(s_, col); }
  int ColumnCount() const { return sqlite3_column_count(s_); }
  int ColumnType(int col) const { return sqlite3_column_type(s_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string Text(int col) const { return std::string(TextView(col)); }
  // Valid until the next Step or reset.
  std::string_view TextView(int col) const {
    const auto* p = sqlite3_column_text(s_, col);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(s_, col)))
             : std::string_view();
  }
  std::optional<std::string> OptText(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Text(col);
  }
  std::optional<std::int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }

 private:
  sqlite3_stmt* s_;
  bool owned_;
};

class Connection {
 public:
  // Opens (creating when allowed) and applies the connection settings Rapport relies on:
  // WAL, synchronous=FULL (a commit is fsync'd before it returns), foreign keys, busy timeout,
  // and on a writable connection secure_delete (deleted content is zeroed).
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create,
                                                        bool read_only, int cache_mb = 4);
  ~Connection();

  // A cached prepared statement, reset and unbound when the returned Stmt goes away.
  core::Result<Stmt> Prepare(std::string_view sql);
  core::Status Exec(const char* sql);  // one or more statements, no results
  sqlite3* handle() const { return db_; }
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace rapport::store::sqlite
