// A customer's purchase history reduced to what the buy-till-you-die models need, and the grouping
// of identical histories that makes a fit cost the number of distinct histories, not customers.
// Plain values and pure functions: safe to use from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.hpp"

namespace rapport::analytics::clv {

// Fader and Hardie's (x, t_x, T), in any one time unit (days, weeks...).
struct CustomerRfm {
  std::int64_t frequency = 0;  // x: repeat purchases (the first purchase is not counted)
  double recency = 0;          // t_x: first purchase to last repeat purchase; 0 when x = 0
  double age = 0;              // T: first purchase to the end of the observation period
  auto operator<=>(const CustomerRfm&) const = default;
};

// Customers sharing one history: `count` of them (a weight; need not be an integer).
struct RfmGroup {
  CustomerRfm rfm;
  double count = 1;
};

// Ok when 0 <= x, 0 <= t_x <= T, t_x = 0 when x = 0, all finite. The message says what is wrong.
core::Status ValidateRfm(const CustomerRfm& rfm);

// Identical histories merged, sorted by (x, t_x, T) (the likelihoods rely on the order by x).
std::vector<RfmGroup> GroupRfm(std::span<const CustomerRfm> customers);

// Validates every group and sorts a copy by (x, t_x, T), merging duplicates: for callers that
// build groups themselves (from SQL, say). Fails on the first invalid group or a negative count.
core::Result<std::vector<RfmGroup>> NormalizeGroups(std::span<const RfmGroup> groups);

double TotalCount(std::span<const RfmGroup> groups);

}  // namespace rapport::analytics::clv
