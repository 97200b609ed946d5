// The SQLite schema, as numbered migrations kept inside the binary. Append only: a released
// migration is never edited; a change is a new migration.
#pragma once

#include <span>

namespace rapport::store::sqlite {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

std::span<const Migration> Migrations();

}  // namespace rapport::store::sqlite
