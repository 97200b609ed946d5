// The CDNOW reference files for the CLV tests, read from tests/data/clv (RAPPORT_CLV_DATA_DIR is
// set by tests/unit/CMakeLists.txt), through the same CSV reader the command line uses.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analytics/clv/rfm.hpp"
#include "analytics/clv/summary_csv.hpp"

namespace rapport::analytics::clv::testing {

inline std::string DataPath(const std::string& name) {
  return std::string(RAPPORT_CLV_DATA_DIR) + "/" + name;
}

inline std::string ReadFile(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << DataPath(name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline SummaryTable ReadSummary(const std::string& name, MonetaryColumn monetary) {
  std::istringstream in(ReadFile(name));
  auto table = ReadSummaryCsv(in, monetary);
  EXPECT_TRUE(table.has_value()) << (table ? "" : table.error().message);
  return table ? *table : SummaryTable{};
}

// The 2,357 CDNOW sample customers, 39-week calibration, in weeks.
inline std::vector<CustomerRfm> CdnowRfm() {
  std::vector<CustomerRfm> out;
  for (const auto& row : ReadSummary("cdnow_customers_summary.csv", MonetaryColumn::kIgnored).rows)
    out.push_back(row.rfm);
  return out;
}

}  // namespace rapport::analytics::clv::testing
