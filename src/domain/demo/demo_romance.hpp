// Demo romance: for each generated customer past the first contact, a few logged interactions
// (calls, emails, meetings, the occasional newsletter), the last personal touch spread so that
// some customers are well looked after and others are forgotten, and now and then an inbound
// message still waiting for an answer. Deterministic for a seed.
//
// Thread safety: DemoCare, DemoCommerce and DemoRomance hold a random generator: one instance per
// thread, used inside the caller's transaction. Errors: the store's kUnavailable / kInternal only
// (StartDemoCadences: those of CadenceService::RunPass).
#pragma once

#include "core/clock.hpp"
#include "core/random.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

class DemoRomance {
 public:
  DemoRomance(std::uint64_t seed, Timestamp as_of) : rng_(seed), as_of_(as_of) {}
  // The interactions of customer `c` (already stored, with its transitions `path`); returns how
  // many were logged.
  core::Result<int> AddFor(Txn& txn, const Customer& c, const std::vector<StageTransition>& path);

 private:
  core::SeededRandom rng_;
  Timestamp as_of_;
};

// After the demo's customers: the default rules apply from `since` (so the recent orders and
// stage entries have their tasks), then a full scheduler pass.
core::Result<PassReport> StartDemoCadences(Store& store, const core::Clock& clock, Timestamp since);

}  // namespace rapport::domain
