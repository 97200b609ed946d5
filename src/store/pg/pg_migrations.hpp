// The PostgreSQL schema, as numbered migrations kept inside the binary: the same versions and
// the same tables as the SQLite migrations (store/sqlite/sqlite_migrations.cpp), in PostgreSQL's
// dialect. Append only.
#pragma once

#include <span>

#include "store/sqlite/sqlite_migrations.hpp"

namespace rapport::store::pg {

using sqlite::Migration;

std::span<const Migration> Migrations();

}  // namespace rapport::store::pg
