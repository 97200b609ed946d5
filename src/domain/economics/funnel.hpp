// The lifecycle funnel and the probability-alive histogram of the Economics screen (issue 9):
// plain values and the pure computation from the stage history. No I/O; thread-compatible.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/customer/customer.hpp"

namespace rapport::domain {

struct FunnelStage {
  Stage stage = Stage::kContact;
  std::int64_t reached = 0;               // customers who entered the stage in the period
  std::optional<double> conversion;       // reached ÷ the previous stage's reached
  std::optional<double> median_days;      // of the stays that began in the period and ended
};

struct Funnel {
  Timestamp from, to;
  std::vector<FunnelStage> stages;  // contact, lead, proposal, negotiation, order, romance
};

// Builds the funnel of [from, to) from the stage history. A customer reaches contact when it is
// created in the period (or moved back to contact in it) and any other stage when a transition
// into it is recorded in the period; each customer counts once per stage. A stay in a stage lasts
// from that entry to the next transition out of it; stages passed over in one move (same
// timestamp, recorded so the funnel stays honest) are not stays, and stays still open are not
// counted in the median.
class FunnelBuilder {
 public:
  // `created`: the customers created in [from, to) and when.
  FunnelBuilder(Timestamp from, Timestamp to, std::unordered_map<Id, Timestamp> created);
  // Transitions at or after `from`, in (customer_id, id) order.
  void Add(const StageTransition& t);
  Funnel Finish();

 private:
  void StartCustomer(Id id);
  void FlushCustomer();
  Timestamp from_, to_;
  std::unordered_map<Id, Timestamp> created_;
  Id current_ = 0;
  unsigned reached_mask_ = 0;
  std::optional<std::pair<Stage, Timestamp>> stay_;
  std::array<std::int64_t, 8> reached_{};
  std::array<std::vector<double>, 8> stays_days_;
};

// Latest stored probability-alive scores in ten bins [0, 0.1), ..., [0.9, 1.0].
struct PAliveBins {
  std::array<std::int64_t, 10> bins{};
  std::int64_t scored = 0;         // live customers with a stored p_alive
  std::int64_t live_customers = 0; // not archived
};

// Median of `values` (sorted in place); nullopt when empty.
std::optional<double> Median(std::vector<double>& values);

}  // namespace rapport::domain
