#include "store/database.hpp"

#include <stdexcept>

#include "store/pg/pg_database.hpp"
#include "store/pg/pg_migrations.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_migrations.hpp"

namespace rapport::store {

int Database::LatestSchemaVersion() {
  // Both backends carry the same numbered migrations.
  const int sqlite_latest = sqlite::Migrations().empty() ? 0 : sqlite::Migrations().back().version;
  const int pg_latest = pg::Migrations().empty() ? 0 : pg::Migrations().back().version;
  if (sqlite_latest != pg_latest) throw std::logic_error("SQLite and PostgreSQL migrations differ in number");
  return sqlite_latest;
}

core::Status Database::CheckSchemaCurrent() {
  auto v = SchemaVersion();
  if (!v) return core::Fail(v.error());
  const int latest = LatestSchemaVersion();
  if (*v > latest)
    return core::Fail(core::Error::Conflict(
        "the database has schema version " + std::to_string(*v) +
        ", newer than this rapport binary knows (" + std::to_string(latest) +
        "): upgrade rapport before using this database"));
  if (*v < latest)
    return core::Fail(core::Error::Conflict(
        "the database has schema version " + std::to_string(*v) + ", this rapport needs " +
        std::to_string(latest) + ": run 'rapport migrate --db ...' first"));
  return {};
}

core::Result<std::unique_ptr<Database>> OpenDatabase(const std::string& spec,
                                                     const OpenOptions& options) {
  if (spec.starts_with("postgresql://") || spec.starts_with("postgres://")) {
    auto db = pg::PgDatabase::Open(spec, options);
    if (!db) return core::Fail(db.error());
    return std::unique_ptr<Database>(std::move(*db));
  }
  if (spec.empty()) return core::Fail(core::Error::Invalid("db", "a database path is required"));
  auto db = sqlite::SqliteDatabase::Open(spec, options);
  if (!db) return core::Fail(db.error());
  return std::unique_ptr<Database>(std::move(*db));
}

}  // namespace rapport::store
