// The CLV file formats: the summary CSV (both naming conventions, CRLF, refusals with the line
// number) and the transaction log, summarised back into exactly the published CDNOW summary.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "analytics/clv/csv_fields.hpp"
#include "analytics/clv/transaction_summary.hpp"
#include "clv_test_data.hpp"

namespace rapport::analytics::clv {
namespace {

core::Result<SummaryTable> Read(const std::string& text,
                                MonetaryColumn monetary = MonetaryColumn::kOptional) {
  std::istringstream in(text);
  return ReadSummaryCsv(in, monetary);
}

TEST(SummaryCsv, ReadsBothReferenceFiles) {
  const auto lifetimes =
      testing::ReadSummary("cdnow_customers_summary.csv", MonetaryColumn::kOptional);
  ASSERT_EQ(lifetimes.rows.size(), 2357u);
  EXPECT_FALSE(lifetimes.has_monetary_value);
  EXPECT_EQ(lifetimes.rows[0].id, "1");
  EXPECT_EQ(lifetimes.rows[0].rfm, (CustomerRfm{2, 30.43, 38.86}));
  // Fader-Hardie names, CRLF line ends, no newline after the last line.
  const auto fh = testing::ReadSummary("cdnow_customers_summary_with_transactions.csv",
                                       MonetaryColumn::kRequired);
  ASSERT_EQ(fh.rows.size(), 2357u);
  EXPECT_TRUE(fh.has_monetary_value);
  EXPECT_EQ(fh.rows[0].rfm, (CustomerRfm{2, 30.43, 38.86}));
  EXPECT_EQ(*fh.rows[0].monetary_value, 22.35);
  EXPECT_EQ(fh.rows.back().id, "2357");
  int repeat = 0, none = 0;
  for (const auto& row : fh.rows) {
    repeat += static_cast<int>(row.rfm.frequency);
    none += row.rfm.frequency == 0;
  }
  EXPECT_EQ(repeat, 2457);  // the README's totals
  EXPECT_EQ(none, 1411);
}

TEST(SummaryCsv, AcceptsCrlfByteOrderMarkQuotesAndAnyColumnOrder) {
  auto table =
      Read("\xEF\xBB\xBFT,recency,\"customer_id\",frequency\r\n38.86,30.43,\"a,1\",2\r\n\r\n");
  ASSERT_TRUE(table.has_value()) << table.error().message;
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].id, "a,1");
  EXPECT_EQ(table->rows[0].rfm, (CustomerRfm{2, 30.43, 38.86}));
  EXPECT_EQ(table->rows[0].line, 2);
}

void ExpectRefused(const std::string& text, const std::string& message_start,
                   MonetaryColumn monetary) {
  auto table = Read(text, monetary);
  ASSERT_FALSE(table.has_value()) << text;
  EXPECT_EQ(table.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(table.error().message.rfind(message_start, 0), 0u) << table.error().message;
}

TEST(SummaryCsv, RefusesBadRowsWithTheLineNumber) {
  const std::string header = "customer_id,frequency,recency,T,monetary_value\n";
  const std::string good = "1,2,30.43,38.86,22.35\n";
  const auto optional = MonetaryColumn::kOptional;
  ExpectRefused("customer_id,frequency,T\n1,0,3\n", "line 1: missing column recency (or t_x)",
                optional);
  ExpectRefused("frequency,recency,T\n0,0,3\n", "line 1: missing column customer_id (or id, ID)",
                optional);
  ExpectRefused("ID,x,t_x,T\n1,0,0,3\n", "line 1: missing column monetary_value (or zbar)",
                MonetaryColumn::kRequired);
  ExpectRefused("", "line 1: the file is empty", optional);
  ExpectRefused(header + good + "2,1,-1,38.86,3\n", "line 3: recency is negative: -1", optional);
  ExpectRefused(header + good + good + "3,1,40,38.86,3\n",
                "line 4: recency 40 is greater than T 38.86", optional);
  ExpectRefused(header + "1,2.5,30,38.86,3\n", "line 2: frequency is not an integer: 2.5",
                optional);
  ExpectRefused(header + "1,-2,30,38.86,3\n", "line 2: frequency is negative: -2", optional);
  ExpectRefused(header + "1,2,abc,38.86,3\n", "line 2: recency is not a number: 'abc'", optional);
  ExpectRefused(header + "1,2,nan,38.86,3\n", "line 2: recency is not a number: 'nan'", optional);
  ExpectRefused(header + "1,2,30,38.86,-3\n", "line 2: monetary_value is negative: -3", optional);
  ExpectRefused(header + "1,2,30,38.86\n", "line 2: expected 5 fields, found 4", optional);
  ExpectRefused(header + "1,0,3,38.86,0\n", "line 2: recency must be 0 when frequency is 0",
                optional);
  ExpectRefused("ID,x,t_x,T\n\n7,1,5,4\n", "line 3: t_x 5 is greater than T 4", optional);
}

TEST(SummaryCsv, WrittenSummariesReadBackExactly) {
  std::vector<CustomerSummary> rows = {{"a", {3, 10.0 / 7, 200.0 / 7}, 12.345, 0},
                                       {"b \"x\"", {0, 0, 1}, 0.0, 0}};
  std::ostringstream out;
  WriteSummaryCsv(out, rows, true);
  auto table = Read(out.str(), MonetaryColumn::kRequired);
  ASSERT_TRUE(table.has_value()) << table.error().message;
  ASSERT_EQ(table->rows.size(), 2u);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(table->rows[i].id, rows[i].id);
    EXPECT_EQ(table->rows[i].rfm, rows[i].rfm);  // shortest round-trip text: bit for bit
    EXPECT_EQ(table->rows[i].monetary_value, rows[i].monetary_value);
  }
}

TEST(TransactionsCsv, DatesInTheThreeFormats) {
  EXPECT_EQ(ParseTransactionDate("1997-09-30"), core::ParseDate("1997-09-30"));
  EXPECT_EQ(ParseTransactionDate("19970930"), core::ParseDate("1997-09-30"));
  EXPECT_EQ(ParseTransactionDate("1997-09-30 23:59:59"), core::ParseDate("1997-09-30"));
  EXPECT_EQ(ParseTransactionDate("1997-09-30T08:00"), core::ParseDate("1997-09-30"));
  for (const char* bad : {"1997-13-01", "19971301", "30/09/1997", "1997-09-30 25", "", "1997093"})
    EXPECT_FALSE(ParseTransactionDate(bad).has_value()) << bad;
}

TEST(TransactionsCsv, RefusesBadRowsWithTheLineNumber) {
  const auto refused = [](const std::string& text) {
    std::istringstream in(text);
    auto log = ReadTransactionsCsv(in);
    return log ? std::string("accepted") : log.error().message;
  };
  EXPECT_EQ(refused("customer,date\n"), "line 1: missing column customer_id (or id, ID)");
  EXPECT_EQ(refused("customer_id,day\n"), "line 1: missing column date");
  EXPECT_EQ(refused("customer_id,date\n1,1997-01-01\n1,1997-02-30\n"),
            "line 3: date is not YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or YYYYMMDD: '1997-02-30'");
  EXPECT_EQ(refused("customer_id,date,amount\n1,1997-01-01,x\n"),
            "line 2: amount is not a number: 'x'");
  EXPECT_EQ(refused("customer_id,date,amount\n1,1997-01-01,-5\n"),
            "line 2: amount is negative: -5");
}

TEST(TransactionSummary, OneTransactionPerCustomerDayUpToTheCalibrationEnd) {
  std::istringstream in(
      "customer_id,date,amount\n"
      "a,2020-01-01,10\n"
      "a,2020-01-01 18:00:00,5\n"  // same day: one transaction of 15 (the first, not counted in x)
      "b,2020-01-03,7\n"
      "a,2020-01-08,20\n"
      "a,2020-01-08,4\n"  // same day: 24
      "a,2020-01-15,30\n"
      "a,2020-02-01,99\n"   // after the calibration end: ignored
      "c,2020-02-01,1\n");  // first purchase after the end: no row
  auto log = ReadTransactionsCsv(in);
  ASSERT_TRUE(log.has_value()) << log.error().message;
  const auto rows =
      SummarizeTransactions(log->rows, log->has_amount, {*core::ParseDate("2020-01-29"), 7});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, "a");
  EXPECT_EQ(rows[0].rfm,
            (CustomerRfm{2, 2, 4}));  // weeks: last repeat day 14 days on, end 28 days on
  EXPECT_DOUBLE_EQ(*rows[0].monetary_value, (24.0 + 30.0) / 2);
  EXPECT_EQ(rows[1].id, "b");
  EXPECT_EQ(rows[1].rfm, (CustomerRfm{0, 0, 26.0 / 7}));
  EXPECT_EQ(*rows[1].monetary_value, 0.0);
}

// CDNOW_sample.txt (whitespace-separated, no header, CRLF) as the CSV the command line reads.
std::string CdnowSampleAsCsv() {
  std::istringstream raw(testing::ReadFile("CDNOW_sample.txt"));
  std::string csv = "master_id,customer_id,date,number_of_cds,amount\n", line;
  while (std::getline(raw, line)) {
    std::istringstream fields(line);
    std::string master, id, date, cds, dollars;
    if (!(fields >> master >> id >> date >> cds >> dollars)) continue;
    csv += master + "," + id + "," + date + "," + cds + "," + dollars + "\r\n";
  }
  return csv;
}

TEST(TransactionSummary, ReproducesThePublishedCdnowSummary) {
  std::istringstream in(CdnowSampleAsCsv());
  auto log = ReadTransactionsCsv(in);
  ASSERT_TRUE(log.has_value()) << log.error().message;
  ASSERT_EQ(log->rows.size(), 6919u);
  const auto rows =
      SummarizeTransactions(log->rows, log->has_amount, {*core::ParseDate("1997-09-30"), 7});
  // Through the writer and the reader, as `rapport clv summarize` and `clv fit` would.
  std::ostringstream written;
  WriteSummaryCsv(written, rows, true);
  auto ours = Read(written.str(), MonetaryColumn::kRequired);
  ASSERT_TRUE(ours.has_value()) << ours.error().message;
  const auto published = testing::ReadSummary("cdnow_customers_summary_with_transactions.csv",
                                              MonetaryColumn::kRequired);
  ASSERT_EQ(ours->rows.size(), published.rows.size());
  std::map<int, const CustomerSummary*> by_id;
  for (const auto& row : ours->rows) by_id[std::stoi(row.id)] = &row;  // "0001" -> 1
  for (const auto& expected : published.rows) {
    const auto it = by_id.find(std::stoi(expected.id));
    ASSERT_NE(it, by_id.end()) << "customer " << expected.id;
    const auto& got = *it->second;
    EXPECT_EQ(got.rfm.frequency, expected.rfm.frequency) << "customer " << expected.id;
    // The published file rounds to 2 decimals.
    EXPECT_NEAR(got.rfm.recency, expected.rfm.recency, 0.005 + 1e-9) << "customer " << expected.id;
    EXPECT_NEAR(got.rfm.age, expected.rfm.age, 0.005 + 1e-9) << "customer " << expected.id;
    EXPECT_NEAR(*got.monetary_value, *expected.monetary_value, 0.005 + 1e-9)
        << "customer " << expected.id;
  }
}

TEST(CsvFields, NumbersAndFields) {
  EXPECT_EQ(ParseFiniteNumber(" 1.5 "), 1.5);
  EXPECT_EQ(ParseFiniteNumber("+2"), 2.0);
  EXPECT_EQ(ParseFiniteNumber("-0.25"), -0.25);
  for (const char* bad : {"", "1e", "inf", "nan", "1.2.3", "0x10", "+-1", "1,5"})
    EXPECT_FALSE(ParseFiniteNumber(bad).has_value()) << bad;
  EXPECT_EQ(*SplitCsvLine("a, \"b,\"\"c\"\" \" ,d"),
            (std::vector<std::string>{"a", "b,\"c\" ", "d"}));
  EXPECT_FALSE(SplitCsvLine("a,\"b").has_value());
  EXPECT_EQ(QuoteCsvField("plain"), "plain");
  EXPECT_EQ(QuoteCsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(FormatNumber(10.0 / 7), "1.4285714285714286");
  EXPECT_EQ(FormatNumber(3), "3");
}

}  // namespace
}  // namespace rapport::analytics::clv
