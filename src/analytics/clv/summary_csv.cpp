#include "analytics/clv/summary_csv.hpp"

#include <cmath>

#include "analytics/clv/csv_fields.hpp"

namespace rapport::analytics::clv {

namespace {

core::Error LineError(int line, const std::string& message) {
  return core::Error{
      core::ErrorCode::kInvalidArgument, "line " + std::to_string(line) + ": " + message, {}};
}

struct Columns {
  std::size_t id = 0, frequency = 0, recency = 0, age = 0;
  std::optional<std::size_t> monetary;
};

core::Result<Columns> FindColumns(const std::vector<std::string>& header, MonetaryColumn monetary) {
  Columns c;
  const auto need = [&](std::size_t& out, std::initializer_list<std::string_view> names,
                        const char* description) -> core::Status {
    auto found = FindColumn(header, names);
    if (!found) return core::Fail(LineError(1, std::string("missing column ") + description));
    out = *found;
    return {};
  };
  if (auto st = need(c.id, {"customer_id", "id", "ID"}, "customer_id (or id, ID)"); !st)
    return core::Fail(st.error());
  if (auto st = need(c.frequency, {"frequency", "x"}, "frequency (or x)"); !st)
    return core::Fail(st.error());
  if (auto st = need(c.recency, {"recency", "t_x"}, "recency (or t_x)"); !st)
    return core::Fail(st.error());
  if (auto st = need(c.age, {"T"}, "T"); !st) return core::Fail(st.error());
  if (monetary != MonetaryColumn::kIgnored) {
    c.monetary = FindColumn(header, {"monetary_value", "zbar"});
    if (!c.monetary && monetary == MonetaryColumn::kRequired)
      return core::Fail(LineError(1, "missing column monetary_value (or zbar)"));
  }
  return c;
}

core::Result<CustomerSummary> ParseRow(const std::vector<std::string>& header,
                                       const std::vector<std::string>& fields, const Columns& c,
                                       int line) {
  if (fields.size() != header.size())
    return core::Fail(LineError(line, "expected " + std::to_string(header.size()) +
                                          " fields, found " + std::to_string(fields.size())));
  const auto number = [&](std::size_t column) -> core::Result<double> {
    auto v = ParseFiniteNumber(fields[column]);
    if (!v)
      return core::Fail(
          LineError(line, header[column] + " is not a number: '" + fields[column] + "'"));
    return *v;
  };
  CustomerSummary row;
  row.line = line;
  row.id = fields[c.id];
  if (row.id.empty()) return core::Fail(LineError(line, header[c.id] + " is empty"));
  auto x = number(c.frequency);
  if (!x) return core::Fail(x.error());
  if (*x < 0)
    return core::Fail(
        LineError(line, header[c.frequency] + " is negative: " + fields[c.frequency]));
  if (*x != std::floor(*x) || *x > 1e15)
    return core::Fail(
        LineError(line, header[c.frequency] + " is not an integer: " + fields[c.frequency]));
  auto recency = number(c.recency);
  if (!recency) return core::Fail(recency.error());
  auto age = number(c.age);
  if (!age) return core::Fail(age.error());
  const std::string& recency_name = header[c.recency];
  if (*recency < 0)
    return core::Fail(LineError(line, recency_name + " is negative: " + fields[c.recency]));
  if (*age < 0) return core::Fail(LineError(line, "T is negative: " + fields[c.age]));
  if (*recency > *age)
    return core::Fail(LineError(
        line, recency_name + " " + fields[c.recency] + " is greater than T " + fields[c.age]));
  if (*x == 0 && *recency != 0)
    return core::Fail(
        LineError(line, recency_name + " must be 0 when " + header[c.frequency] + " is 0"));
  row.rfm = {static_cast<std::int64_t>(*x), *recency, *age};
  if (c.monetary) {
    auto m = number(*c.monetary);
    if (!m) return core::Fail(m.error());
    if (*m < 0)
      return core::Fail(
          LineError(line, header[*c.monetary] + " is negative: " + fields[*c.monetary]));
    row.monetary_value = *m;
  }
  return row;
}

}  // namespace

core::Result<SummaryTable> ReadSummaryCsv(std::istream& in, MonetaryColumn monetary) {
  CsvLineReader reader(in);
  std::string line;
  if (!reader.Next(line))
    return core::Fail(LineError(1, "the file is empty (a header line is required)"));
  auto header = SplitCsvLine(line);
  if (!header) return core::Fail(LineError(1, "unclosed quote"));
  auto columns = FindColumns(*header, monetary);
  if (!columns) return core::Fail(columns.error());
  SummaryTable table;
  table.has_monetary_value = columns->monetary.has_value();
  while (reader.Next(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank (e.g. the last) line
    auto fields = SplitCsvLine(line);
    if (!fields) return core::Fail(LineError(reader.line_number(), "unclosed quote"));
    auto row = ParseRow(*header, *fields, *columns, reader.line_number());
    if (!row) return core::Fail(row.error());
    table.rows.push_back(std::move(*row));
  }
  if (in.bad()) return core::Fail(core::Error::Unavailable("read error"));
  return table;
}

void WriteSummaryCsv(std::ostream& out, std::span<const CustomerSummary> rows, bool with_monetary) {
  out << "customer_id,frequency,recency,T" << (with_monetary ? ",monetary_value" : "") << '\n';
  for (const auto& r : rows) {
    out << QuoteCsvField(r.id) << ',' << r.rfm.frequency << ',' << FormatNumber(r.rfm.recency)
        << ',' << FormatNumber(r.rfm.age);
    if (with_monetary) out << ',' << FormatNumber(r.monetary_value.value_or(0));
    out << '\n';
  }
}

}  // namespace rapport::analytics::clv
