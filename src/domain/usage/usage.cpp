#include "domain/usage/usage.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace rapport::domain {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

std::string_view UsageSignalKindName(UsageSignalKind k) {
  return k == UsageSignalKind::kUnderUse ? "under_use" : "outgrowing";
}

std::vector<UsageSignal> UsageSignalsFor(std::vector<UsageMeasurement> s, std::optional<double> limit) {
  std::vector<UsageSignal> out;
  if (s.empty()) return out;
  std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.period < b.period; });
  const UsageMeasurement& last = s.back();
  auto base = [&](UsageSignalKind kind) {
    UsageSignal sig;
    sig.kind = kind;
    sig.product_id = last.product_id;
    sig.metric = last.metric;
    sig.period = last.period;
    sig.value = last.value;
    sig.limit = limit;
    return sig;
  };
  // Under-use: well below the customer's own recent past, or far below what the plan allows.
  const std::size_t n = s.size();
  const std::size_t history = std::min<std::size_t>(kUnderUseHistory, n - 1);
  std::optional<double> mean;
  if (history >= 2) {
    double sum = 0;
    for (std::size_t i = n - 1 - history; i < n - 1; ++i) sum += s[i].value;
    mean = sum / static_cast<double>(history);
  }
  if (mean && *mean > 0 && last.value < kUnderUseOfOwnPast * *mean) {
    UsageSignal sig = base(UsageSignalKind::kUnderUse);
    sig.baseline = mean;
    sig.reason = last.metric + " fell to " + Num(last.value) + " from an average of " + Num(*mean) +
                 " over the previous " + std::to_string(history) + " periods";
    out.push_back(std::move(sig));
  } else if (limit && *limit > 0 && last.value < kUnderUseOfLimit * *limit) {
    UsageSignal sig = base(UsageSignalKind::kUnderUse);
    sig.baseline = mean;
    sig.reason = last.metric + " is " + Num(last.value) + " of the " + Num(*limit) + " the plan allows";
    out.push_back(std::move(sig));
  }
  // Outgrowing: near or over the plan limit for several of the recent periods.
  if (limit && *limit > 0) {
    int near = 0;
    const std::size_t recent = std::min<std::size_t>(3, n);
    for (std::size_t i = n - recent; i < n; ++i) near += s[i].value >= kOutgrowingShare * *limit ? 1 : 0;
    if (near >= kOutgrowingPeriods) {
      UsageSignal sig = base(UsageSignalKind::kOutgrowing);
      sig.reason = last.metric + " at or above 90% of the plan's " + Num(*limit) + " in " + std::to_string(near) +
                   " of the last " + std::to_string(recent) + " periods (latest " + Num(last.value) + ")";
      out.push_back(std::move(sig));
    }
  }
  return out;
}

std::vector<CrossSellSuggestion> CrossSellFor(const std::vector<Id>& owned, const std::vector<ProductPairCount>& pairs,
                                              const std::map<Id, std::int64_t>& buyers, std::int64_t buying_customers,
                                              std::int64_t min_together, const std::vector<Id>& offerable,
                                              std::size_t limit) {
  const std::set<Id> mine(owned.begin(), owned.end());
  const std::set<Id> can_offer(offerable.begin(), offerable.end());
  std::map<Id, CrossSellSuggestion> best;
  if (buying_customers <= 0) return {};
  const double n = static_cast<double>(buying_customers);
  for (const auto& p : pairs) {
    if (!mine.contains(p.product_id) || mine.contains(p.other_id) || !can_offer.contains(p.other_id)) continue;
    if (p.buyers < min_together) continue;
    const auto bx = buyers.find(p.product_id);
    const auto by = buyers.find(p.other_id);
    if (bx == buyers.end() || by == buyers.end() || bx->second <= 0 || by->second <= 0) continue;
    CrossSellSuggestion s;
    s.product_id = p.other_id;
    s.because_of = p.product_id;
    s.together = p.buyers;
    s.support = static_cast<double>(p.buyers) / n;
    s.confidence = static_cast<double>(p.buyers) / static_cast<double>(bx->second);
    s.lift = s.confidence / (static_cast<double>(by->second) / n);
    if (s.lift <= 1.0) continue;
    auto it = best.find(s.product_id);
    if (it == best.end() || s.lift > it->second.lift ||
        (s.lift == it->second.lift && s.together > it->second.together))
      best[s.product_id] = s;
  }
  std::vector<CrossSellSuggestion> out;
  for (auto& [id, s] : best) out.push_back(s);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.lift != b.lift) return a.lift > b.lift;
    if (a.together != b.together) return a.together > b.together;
    return a.product_id < b.product_id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace rapport::domain
