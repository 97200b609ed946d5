#include "store/sql/sql_session.hpp"

#include <cstdlib>

namespace rapport::store {

std::int64_t SqlRows::Int(int row, int col) const {
  const SqlValue& v = At(row, col);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10);
  return 0;
}

double SqlRows::Real(int row, int col) const {
  const SqlValue& v = At(row, col);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::string SqlRows::Text(int row, int col) const {
  const SqlValue& v = At(row, col);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return {};
}

std::optional<std::int64_t> SqlRows::OptInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

std::optional<std::string> SqlRows::OptText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

std::optional<core::Timestamp> SqlRows::OptTime(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return core::Timestamp{Int(row, col)};
}

namespace {

// A row of a read result seen through the streaming interface.
class RowOfRows final : public SqlRowView {
 public:
  RowOfRows(const SqlRows& rows, int row) : rows_(rows), row_(row) {}
  bool IsNull(int col) const override { return rows_.IsNull(row_, col); }
  std::int64_t Int(int col) const override { return rows_.Int(row_, col); }
  std::string_view Text(int col) const override {
    if (const auto* s = std::get_if<std::string>(&rows_.At(row_, col))) return *s;
    scratch_ = rows_.Text(row_, col);
    return scratch_;
  }

 private:
  const SqlRows& rows_;
  int row_;
  mutable std::string scratch_;
};

}  // namespace

core::Status SqlSession::Scan(std::string_view sql, const SqlArgs& args, const SqlRowVisitor& visit) {
  auto rows = Query(sql, args);
  if (!rows) return core::Fail(rows.error());
  for (int i = 0; i < rows->Rows(); ++i) visit(RowOfRows(*rows, i));
  return {};
}

}  // namespace rapport::store
