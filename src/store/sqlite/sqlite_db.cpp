#include "store/sqlite/sqlite_db.hpp"

namespace rapport::store::sqlite {

core::Error SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string message = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return core::Error::Unavailable("database is busy, retry: " + message);
    case SQLITE_FULL:
      return core::Error::Unavailable("disk full: " + message);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return core::Error::Unavailable("storage error: " + message);
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return core::Error::Conflict(message);
      return core::Error::Internal(message);
    default:
      return core::Error::Internal(message);
  }
}

core::Result<bool> Stmt::Step() {
  const int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return core::Fail(SqliteError(sqlite3_db_handle(s_), sqlite3_extended_errcode(sqlite3_db_handle(s_)),
                                "statement failed"));
}

core::Status Stmt::Run() {
  for (;;) {
    auto r = Step();
    if (!r) return core::Fail(r.error());
    if (!*r) return {};
  }
}

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create,
                                                           bool read_only, int cache_mb) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  flags |= read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (create && !read_only) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    core::Error e = core::Error::Unavailable("cannot open database '" + path + "': " +
                                             (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return core::Fail(std::move(e));
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> conn(new Connection(db));
  // busy_timeout first: the WAL switch itself may wait for another process. secure_delete on the
  // writer: deleted and overwritten content is zeroed in the pages, so erased personal data does
  // not linger in free space (PurgeDeletedData then removes the old page images from the WAL).
  const std::string cache = "PRAGMA cache_size=-" + std::to_string(cache_mb * 1000) + ";";
  const std::string busy = "PRAGMA busy_timeout=" + std::to_string(kBusyTimeoutMs) + "; ";
  const std::string setup =
      busy +
      std::string(read_only ? "PRAGMA foreign_keys=ON; PRAGMA query_only=1;"
                            : "PRAGMA journal_mode=WAL; "
                              "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
                              "PRAGMA temp_store=MEMORY; PRAGMA secure_delete=ON;") +
      cache;
  if (auto st = conn->Exec(setup.c_str()); !st) {
    auto e = st.error();
    e.message = "cannot open database '" + path + "': " + e.message;
    if (e.code == core::ErrorCode::kInternal) e.code = core::ErrorCode::kUnavailable;
    return core::Fail(std::move(e));
  }
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

core::Result<Stmt> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end()) return Stmt(it->second);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return core::Fail(SqliteError(db_, rc, "prepare failed"));
  // List queries vary with their filters; past the bound, statements are used once and dropped.
  if (cache_.size() >= 512) return Stmt(stmt, /*owned=*/true);
  cache_.emplace(std::string(sql), stmt);
  return Stmt(stmt);
}

core::Status Connection::Exec(const char* sql) {
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    auto e = SqliteError(nullptr, sqlite3_extended_errcode(db_), "exec failed");
    e.message = "exec failed: " + msg;
    return core::Fail(std::move(e));
  }
  return {};
}

}  // namespace rapport::store::sqlite
