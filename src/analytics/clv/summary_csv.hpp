// Reading and writing the per-customer summary CSV (one row per customer: id, x, t_x, T and
// optionally the mean spend). Column names are those of the Python lifetimes library
// (customer_id, frequency, recency, T, monetary_value) or of Fader & Hardie's files (ID, x, t_x,
// T, zbar); the id column may also be `id`. A bad row is refused with its line number and why.
#pragma once

#include <istream>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "analytics/clv/rfm.hpp"
#include "core/error.hpp"

namespace rapport::analytics::clv {

struct CustomerSummary {
  std::string id;
  CustomerRfm rfm;
  std::optional<double> monetary_value;  // mean value of the repeat purchases; 0 when x = 0
  int line = 0;                          // where it was read (0 when not read from a file)
};

enum class MonetaryColumn { kIgnored, kOptional, kRequired };

struct SummaryTable {
  std::vector<CustomerSummary> rows;
  bool has_monetary_value = false;
};

// Fails with kInvalidArgument and a message starting "line N: " for: a missing column, a row with
// the wrong number of fields, an unparsable number, a negative or non-integer frequency, a
// negative recency, recency > T, recency != 0 with frequency 0, a negative monetary value.
core::Result<SummaryTable> ReadSummaryCsv(std::istream& in, MonetaryColumn monetary);

// customer_id,frequency,recency,T[,monetary_value], numbers in their shortest exact form.
void WriteSummaryCsv(std::ostream& out, std::span<const CustomerSummary> rows, bool with_monetary);

}  // namespace rapport::analytics::clv
