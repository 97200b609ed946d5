#include "analytics/clv/rfm.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace rapport::analytics::clv {

core::Status ValidateRfm(const CustomerRfm& rfm) {
  const auto fail = [](std::string field, std::string reason) {
    return core::Fail(core::Error::Invalid(std::move(field), std::move(reason)));
  };
  if (rfm.frequency < 0) return fail("frequency", "must not be negative");
  if (!std::isfinite(rfm.recency) || !std::isfinite(rfm.age))
    return fail("recency", "recency and T must be finite numbers");
  if (rfm.recency < 0) return fail("recency", "must not be negative");
  if (rfm.recency > rfm.age) return fail("recency", "must not be greater than T");
  if (rfm.frequency == 0 && rfm.recency != 0)
    return fail("recency", "must be 0 when frequency is 0");
  return {};
}

namespace {

// Sorts by history and merges equal neighbours, adding their counts.
std::vector<RfmGroup> SortAndMerge(std::vector<RfmGroup> groups) {
  std::sort(groups.begin(), groups.end(),
            [](const RfmGroup& a, const RfmGroup& b) { return a.rfm < b.rfm; });
  std::vector<RfmGroup> merged;
  merged.reserve(groups.size());
  for (const auto& g : groups) {
    if (!merged.empty() && merged.back().rfm == g.rfm)
      merged.back().count += g.count;
    else
      merged.push_back(g);
  }
  return merged;
}

}  // namespace

std::vector<RfmGroup> GroupRfm(std::span<const CustomerRfm> customers) {
  std::vector<RfmGroup> groups;
  groups.reserve(customers.size());
  for (const auto& c : customers) groups.push_back({c, 1.0});
  return SortAndMerge(std::move(groups));
}

core::Result<std::vector<RfmGroup>> NormalizeGroups(std::span<const RfmGroup> groups) {
  for (const auto& g : groups) {
    if (auto st = ValidateRfm(g.rfm); !st) return core::Fail(st.error());
    if (!(g.count >= 0) || !std::isfinite(g.count))
      return core::Fail(
          core::Error::Invalid("count", "a group's count must be a finite number >= 0"));
  }
  return SortAndMerge(std::vector<RfmGroup>(groups.begin(), groups.end()));
}

double TotalCount(std::span<const RfmGroup> groups) {
  double total = 0;
  for (const auto& g : groups) total += g.count;
  return total;
}

}  // namespace rapport::analytics::clv
