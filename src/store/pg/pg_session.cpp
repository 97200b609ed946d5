#include "store/pg/pg_session.hpp"

#include <cstdio>
#include <cstdlib>

namespace rapport::store::pg {
namespace {

// Type OIDs from pg_type.h (stable across releases).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

Params ToParams(const SqlArgs& args) {
  Params p;
  for (const auto& a : args) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) p.Add(std::optional<std::string>{});
          else if constexpr (std::is_same_v<T, double>) {
            char buf[32];  // round-trip precision (std::to_string keeps 6 decimals)
            std::snprintf(buf, sizeof buf, "%.17g", v);
            p.Add(std::string_view(buf));
          }
          else p.Add(v);
        },
        a.value);
  }
  return p;
}

// Text cells typed like SQLite's: integers (SUM over BIGINT is NUMERIC without a fraction),
// reals, booleans as 0/1, the rest text.
SqlValue Cell(const Result& r, int row, int col, Oid type) {
  if (r.IsNull(row, col)) return std::monostate{};
  const char* raw = PQgetvalue(r.get(), row, col);
  switch (type) {
    case kInt8: case kInt2: case kInt4: return std::int64_t{std::strtoll(raw, nullptr, 10)};
    case kBool: return std::int64_t{raw[0] == 't' ? 1 : 0};
    case kFloat4: case kFloat8: return std::strtod(raw, nullptr);
    case kNumeric: {
      const std::string_view text(raw);
      if (text.find_first_of(".eE") == std::string_view::npos)
        return std::int64_t{std::strtoll(raw, nullptr, 10)};
      return std::strtod(raw, nullptr);
    }
    default: return r.Text(row, col);
  }
}

}  // namespace

core::Result<SqlRows> PgSession::Query(std::string_view sql, const SqlArgs& args) {
  auto r = conn_.Query(sql, ToParams(args));
  if (!r) return core::Fail(r.error());
  const int columns = PQnfields(r->get());
  std::vector<Oid> types(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) types[static_cast<std::size_t>(c)] = PQftype(r->get(), c);
  std::vector<SqlValue> cells;
  cells.reserve(static_cast<std::size_t>(r->Rows() * columns));
  for (int row = 0; row < r->Rows(); ++row)
    for (int c = 0; c < columns; ++c)
      cells.push_back(Cell(*r, row, c, types[static_cast<std::size_t>(c)]));
  return SqlRows(columns, std::move(cells));
}

core::Result<std::int64_t> PgSession::Exec(std::string_view sql, const SqlArgs& args) {
  auto r = conn_.Query(sql, ToParams(args));
  if (!r) return core::Fail(r.error());
  return r->Affected();
}

core::Result<std::int64_t> PgSession::InsertId(std::string_view sql, const SqlArgs& args) {
  auto r = conn_.Query(std::string(sql) + " RETURNING id", ToParams(args));
  if (!r) return core::Fail(r.error());
  return r->Int(0, 0);
}

}  // namespace rapport::store::pg
