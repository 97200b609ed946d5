// Reading a transaction log CSV: a header naming customer_id (or id, ID) and date, optionally
// amount; other columns are ignored. Dates are YYYY-MM-DD, YYYY-MM-DD HH:MM:SS (the time is
// ignored: the models count customer-days) or YYYYMMDD.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace rapport::analytics::clv {

struct Transaction {
  std::string customer_id;
  core::Date date;
  std::optional<double> amount;
};

struct TransactionLog {
  std::vector<Transaction> rows;
  bool has_amount = false;
};

// "1997-01-01", "1997-01-01 10:30:00", "1997-01-01T10:30:00" or "19970101"; nullopt otherwise.
std::optional<core::Date> ParseTransactionDate(std::string_view text);

// Fails with a message starting "line N: " on a missing column, a wrong field count, a bad date, an
// unparsable or negative amount.
core::Result<TransactionLog> ReadTransactionsCsv(std::istream& in);

}  // namespace rapport::analytics::clv
