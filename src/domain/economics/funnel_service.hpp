// FunnelService: the Economics screen's funnel and probability-alive histogram (issue 9).
// Managers and admins only, as the other portfolio figures.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own read transaction.
//
// Errors: kPermissionDenied for a rep (both methods); LifecycleFunnel: kInvalidArgument as stated
// there; otherwise only the store's kUnavailable / kInternal.
#pragma once

#include "core/clock.hpp"
#include "domain/economics/economics_service.hpp"
#include "domain/economics/funnel.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

struct FunnelReport {
  Funnel funnel;
  Reasons reasons;  // "stages": why every figure is zero or null
};

struct PAliveReport {
  PAliveBins bins;
  std::optional<ModelInfo> model;  // the latest scoring run; nullopt before any
  Reasons reasons;
};

class FunnelService {
 public:
  FunnelService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  // [from, to): defaults are the 12 months before now; from must be before to (kInvalidArgument
  // naming "from" otherwise).
  core::Result<FunnelReport> LifecycleFunnel(const Actor& actor, std::optional<Timestamp> from,
                                             std::optional<Timestamp> to);
  core::Result<PAliveReport> PAlive(const Actor& actor);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
