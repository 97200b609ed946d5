#include "domain/economics/economics.hpp"

#include <cstdio>

namespace rapport::domain {
namespace {

// (year, month) of "YYYY-MM"; (1970, 1) when malformed.
std::pair<int, int> Parse(const std::string& month) {
  int y = 1970, m = 1;
  if (std::sscanf(month.c_str(), "%d-%d", &y, &m) != 2 || m < 1 || m > 12) return {1970, 1};
  return {y, m};
}

std::string Format(int y, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

}  // namespace

int MonthIndexOf(int day) {
  // Howard Hinnant's civil_from_days.
  const int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  const int y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 12 + (m - 1);
}

std::string FormatMonthIndex(int index) { return Format(index / 12, index % 12 + 1); }

std::string MonthOf(int day) { return FormatMonthIndex(MonthIndexOf(day)); }

int MonthsBetween(const std::string& from, const std::string& to) {
  const auto [fy, fm] = Parse(from);
  const auto [ty, tm] = Parse(to);
  return (ty - fy) * 12 + (tm - fm);
}

std::string AddMonthsTo(const std::string& month, int months) {
  const auto [y, m] = Parse(month);
  const int index = y * 12 + (m - 1) + months;
  return Format(index / 12, index % 12 + 1);
}

CacTable ComputeCac(std::span<const AcquisitionSpend> spend, std::span<const AcquiredCount> acquired) {
  std::map<std::pair<std::string, std::string>, std::int64_t> counts;
  for (const auto& a : acquired) counts[{a.source, a.period}] += a.customers;
  CacTable out;
  for (const auto& s : spend) {
    auto it = counts.find({s.source, s.period});
    if (it == counts.end() || it->second == 0) continue;  // spend without customers: no CAC to allocate
    out[s.source][s.period] = static_cast<double>(s.amount_cents) / static_cast<double>(it->second);
  }
  return out;
}

std::vector<MonthMargin> CumulativeMargin(std::span<const CustomerDay> days, const std::string& first_month,
                                          const std::string& last_month) {
  std::vector<MonthMargin> out;
  const int n = MonthsBetween(first_month, last_month) + 1;
  if (n <= 0) return out;
  out.resize(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) out[static_cast<std::size_t>(i)].month = AddMonthsTo(first_month, i);
  for (const auto& d : days) {
    int i = MonthsBetween(first_month, MonthOf(d.day));
    if (i < 0) i = 0;  // bought before the acquisition month: counted in its first month
    if (i >= n) continue;
    out[static_cast<std::size_t>(i)].margin_cents += d.margin_cents;
  }
  std::int64_t sum = 0;
  for (auto& m : out) m.cumulative_margin_cents = sum += m.margin_cents;
  return out;
}

std::optional<std::string> BreakEvenMonth(std::span<const MonthMargin> months, std::int64_t cost) {
  for (const auto& m : months)
    if (m.cumulative_margin_cents >= cost)
      return m.month;
  return std::nullopt;
}

}  // namespace rapport::domain
