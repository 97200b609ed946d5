#include "store/database.hpp"

#include "store/pg/pg_database.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_migrations.hpp"

namespace rapport::store {

int Database::LatestSchemaVersion() {
  // Both backends carry the same numbered migrations (a unit test holds them to it).
  return sqlite::Migrations().empty() ? 0 : sqlite::Migrations().back().version;
}

bool IsPlainSqlIdentifier(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  if (!(name[0] == '_' || (name[0] >= 'a' && name[0] <= 'z'))) return false;
  for (char ch : name)
    if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) return false;
  return true;
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
