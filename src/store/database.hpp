// A database Rapport runs on: the domain's Store plus schema management.
// OpenDatabase picks the backend from the spec: a file path (SQLite) or, later,
// "postgresql://..." (PostgreSQL).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "domain/repos.hpp"

namespace rapport::store {

struct MigrationStep {
  int version;
  std::string name;
};

struct OpenOptions {
  bool create_if_missing = true;  // false: a missing SQLite file is an error
  int readers = 16;               // SQLite: read connections kept open
  int pool_size = 16;             // PostgreSQL: connections in the pool
  // Page cache of the write connection. Bulk loads (demo, import) want it large so big
  // transactions do not spill pages to the WAL before they commit.
  int writer_cache_mb = 16;
};

class Database : public domain::Store {
 public:
  // The schema version this binary knows.
  static int LatestSchemaVersion();
  virtual core::Result<int> SchemaVersion() = 0;
  // Applies pending migrations, each in its own transaction; `on_step` is told before each.
  // A database whose schema is newer than this binary knows is refused (kConflict).
  virtual core::Status Migrate(const std::function<void(const MigrationStep&)>& on_step) = 0;
  // Flushes and closes; later calls fail with kUnavailable. Called by the destructor too.
  virtual void Close() = 0;
};

// [a-z_][a-z0-9_]*, at most 63 bytes: a name safe to put in SQL unquoted (table names that
// come from code, e.g. those given to PurgeDeletedData).
bool IsPlainSqlIdentifier(std::string_view name);

core::Result<std::unique_ptr<Database>> OpenDatabase(const std::string& spec,
                                                     const OpenOptions& options = {});

}  // namespace rapport::store
