#include "analytics/clv/transaction_summary.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace rapport::analytics::clv {

std::vector<CustomerSummary> SummarizeTransactions(std::span<const Transaction> log,
                                                   bool has_amount,
                                                   const SummarizeOptions& options) {
  // Customer -> its (day, amount) pairs within calibration, customers kept in first-seen order.
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<std::string_view> ids;
  std::vector<std::vector<std::pair<int, double>>> days;
  for (const auto& t : log) {
    if (t.date > options.calibration_end) continue;
    auto [it, inserted] = index.try_emplace(t.customer_id, ids.size());
    if (inserted) {
      ids.push_back(t.customer_id);
      days.emplace_back();
    }
    days[it->second].emplace_back(t.date.days, t.amount.value_or(0));
  }
  std::vector<CustomerSummary> out;
  out.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto& d = days[i];
    std::sort(d.begin(), d.end());
    // Merge same-day transactions: per-day totals.
    std::vector<std::pair<int, double>> per_day;
    for (const auto& [day, amount] : d) {
      if (!per_day.empty() && per_day.back().first == day)
        per_day.back().second += amount;
      else
        per_day.emplace_back(day, amount);
    }
    const int first = per_day.front().first, last = per_day.back().first;
    CustomerSummary s;
    s.id = std::string(ids[i]);
    s.rfm.frequency = static_cast<std::int64_t>(per_day.size()) - 1;
    s.rfm.recency = (last - first) / options.days_per_unit;
    s.rfm.age = (options.calibration_end.days - first) / options.days_per_unit;
    if (has_amount) {
      double repeat_total = 0;
      for (std::size_t k = 1; k < per_day.size(); ++k) repeat_total += per_day[k].second;
      s.monetary_value =
          s.rfm.frequency > 0 ? repeat_total / static_cast<double>(s.rfm.frequency) : 0.0;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace rapport::analytics::clv
