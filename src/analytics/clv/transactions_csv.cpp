#include "analytics/clv/transactions_csv.hpp"

#include <algorithm>
#include <cctype>

#include "analytics/clv/csv_fields.hpp"

namespace rapport::analytics::clv {

namespace {

core::Error LineError(int line, const std::string& message) {
  return core::Error{
      core::ErrorCode::kInvalidArgument, "line " + std::to_string(line) + ": " + message, {}};
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// "HH:MM" or "HH:MM:SS" with an optional fraction; only checked, the models use whole days.
bool IsTimeOfDay(std::string_view t) {
  if (t.size() < 5 || !AllDigits(t.substr(0, 2)) || t[2] != ':' || !AllDigits(t.substr(3, 2)))
    return false;
  if (t.size() == 5) return true;
  if (t[5] != ':' || t.size() < 8 || !AllDigits(t.substr(6, 2))) return false;
  if (t.size() == 8) return true;
  return t[8] == '.' && t.size() > 9 && AllDigits(t.substr(9));
}

}  // namespace

std::optional<core::Date> ParseTransactionDate(std::string_view text) {
  if (text.size() == 8 && AllDigits(text)) {
    const std::string iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) +
                            "-" + std::string(text.substr(6, 2));
    return core::ParseDate(iso);
  }
  if (text.size() > 10) {
    if ((text[10] != ' ' && text[10] != 'T') || !IsTimeOfDay(text.substr(11))) return std::nullopt;
    text = text.substr(0, 10);
  }
  return core::ParseDate(text);
}

core::Result<TransactionLog> ReadTransactionsCsv(std::istream& in) {
  CsvLineReader reader(in);
  std::string line;
  if (!reader.Next(line))
    return core::Fail(LineError(1, "the file is empty (a header line is required)"));
  auto header = SplitCsvLine(line);
  if (!header) return core::Fail(LineError(1, "unclosed quote"));
  const auto id_column = FindColumn(*header, {"customer_id", "id", "ID"});
  if (!id_column) return core::Fail(LineError(1, "missing column customer_id (or id, ID)"));
  const auto date_column = FindColumn(*header, {"date"});
  if (!date_column) return core::Fail(LineError(1, "missing column date"));
  const auto amount_column = FindColumn(*header, {"amount"});
  TransactionLog log;
  log.has_amount = amount_column.has_value();
  while (reader.Next(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const int n = reader.line_number();
    auto fields = SplitCsvLine(line);
    if (!fields) return core::Fail(LineError(n, "unclosed quote"));
    if (fields->size() != header->size())
      return core::Fail(LineError(n, "expected " + std::to_string(header->size()) +
                                         " fields, found " + std::to_string(fields->size())));
    Transaction t;
    t.customer_id = (*fields)[*id_column];
    if (t.customer_id.empty()) return core::Fail(LineError(n, (*header)[*id_column] + " is empty"));
    const auto date = ParseTransactionDate((*fields)[*date_column]);
    if (!date)
      return core::Fail(LineError(n, "date is not YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or YYYYMMDD: '" +
                                         (*fields)[*date_column] + "'"));
    t.date = *date;
    if (amount_column) {
      const auto amount = ParseFiniteNumber((*fields)[*amount_column]);
      if (!amount)
        return core::Fail(
            LineError(n, "amount is not a number: '" + (*fields)[*amount_column] + "'"));
      if (*amount < 0)
        return core::Fail(LineError(n, "amount is negative: " + (*fields)[*amount_column]));
      t.amount = *amount;
    }
    log.rows.push_back(std::move(t));
  }
  if (in.bad()) return core::Fail(core::Error::Unavailable("read error"));
  return log;
}

}  // namespace rapport::analytics::clv
