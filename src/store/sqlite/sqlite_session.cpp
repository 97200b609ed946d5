#include "store/sqlite/sqlite_session.hpp"

namespace rapport::store::sqlite {
namespace {

// "$12" -> "?12": SQLite reads "$12" as a named parameter numbered by first appearance, which
// would break statements that use $2 before $1; "?NNN" keeps the number.
std::string ToSqlitePlaceholders(std::string_view sql) {
  std::string out(sql);
  for (std::size_t i = 0; i + 1 < out.size(); ++i)
    if (out[i] == '$' && out[i + 1] >= '0' && out[i + 1] <= '9') out[i] = '?';
  return out;
}

// The statement's current row.
class StmtRow final : public SqlRowView {
 public:
  explicit StmtRow(const Stmt& s) : s_(s) {}
  bool IsNull(int col) const override { return s_.IsNull(col); }
  std::int64_t Int(int col) const override { return s_.Int(col); }
  std::string_view Text(int col) const override { return s_.TextView(col); }

 private:
  const Stmt& s_;
};

}  // namespace

core::Result<Stmt> SqliteSession::PrepareBound(std::string_view sql, const SqlArgs& args) {
  auto s = conn_.Prepare(ToSqlitePlaceholders(sql));
  if (!s) return core::Fail(s.error());
  for (std::size_t i = 0; i < args.size(); ++i) {
    const int pos = static_cast<int>(i + 1);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) s->BindNull(pos);
          else s->Bind(pos, v);
        },
        args[i].value);
  }
  return s;
}

core::Result<SqlRows> SqliteSession::Query(std::string_view sql, const SqlArgs& args) {
  auto s = PrepareBound(sql, args);
  if (!s) return core::Fail(s.error());
  const int columns = s->ColumnCount();
  std::vector<SqlValue> cells;
  for (;;) {
    auto row = s->Step();
    if (!row) return core::Fail(row.error());
    if (!*row) break;
    for (int c = 0; c < columns; ++c) {
      switch (s->ColumnType(c)) {
        case SQLITE_NULL: cells.emplace_back(std::monostate{}); break;
        case SQLITE_INTEGER: cells.emplace_back(s->Int(c)); break;
        case SQLITE_FLOAT: cells.emplace_back(s->Real(c)); break;
        default: cells.emplace_back(s->Text(c)); break;
      }
    }
  }
  return SqlRows(columns, std::move(cells));
}

core::Status SqliteSession::Scan(std::string_view sql, const SqlArgs& args, const SqlRowVisitor& visit) {
  auto s = PrepareBound(sql, args);
  if (!s) return core::Fail(s.error());
  const StmtRow row(*s);
  for (;;) {
    auto more = s->Step();
    if (!more) return core::Fail(more.error());
    if (!*more) return {};
    visit(row);
  }
}

core::Result<std::int64_t> SqliteSession::Exec(std::string_view sql, const SqlArgs& args) {
  auto s = PrepareBound(sql, args);
  if (!s) return core::Fail(s.error());
  if (auto st = s->Run(); !st) return core::Fail(st.error());
  return static_cast<std::int64_t>(sqlite3_changes(conn_.handle()));
}

core::Result<std::int64_t> SqliteSession::InsertId(std::string_view sql, const SqlArgs& args) {
  auto s = PrepareBound(sql, args);
  if (!s) return core::Fail(s.error());
  if (auto st = s->Run(); !st) return core::Fail(st.error());
  return conn_.LastInsertId();
}

}  // namespace rapport::store::sqlite
