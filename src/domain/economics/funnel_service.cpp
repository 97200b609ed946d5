#include "domain/economics/funnel_service.hpp"

#include "domain/economics/economics_repo.hpp"

namespace rapport::domain {
core::Result<FunnelReport> FunnelService::LifecycleFunnel(const Actor& actor, std::optional<Timestamp> from,
                                                          std::optional<Timestamp> to) {
  if (auto st = RequirePortfolioViewer(actor); !st) return core::Fail(st.error());
  const Timestamp end = to.value_or(clock_.Now());
  const Timestamp start = from.value_or(Timestamp{end.ms - 365 * core::kMsPerDay});
  if (start.ms >= end.ms)
    return core::Fail(core::Error::Invalid("from", "must be before to (" + core::FormatIso8601(end) + ")"));
  return ReadValue<FunnelReport>(store_, [&](Txn& txn) -> core::Result<FunnelReport> {
    auto created = txn.Economics().CreatedBetween(start, end);
    if (!created) return core::Fail(created.error());
    FunnelBuilder builder(start, end, std::move(*created));
    if (auto st = txn.Economics().ScanTransitionsFrom(start, [&](const StageTransition& t) { builder.Add(t); }); !st)
      return core::Fail(st.error());
    FunnelReport out{builder.Finish(), {}};
    bool any = false;
    for (const auto& s : out.funnel.stages) any = any || s.reached > 0;
    if (!any) out.reasons["stages"] = "no customer was created or moved through the lifecycle in the period";
    return out;
  });
}

core::Result<PAliveReport> FunnelService::PAlive(const Actor& actor) {
  if (auto st = RequirePortfolioViewer(actor); !st) return core::Fail(st.error());
  return ReadValue<PAliveReport>(store_, [&](Txn& txn) -> core::Result<PAliveReport> {
    PAliveReport out;
    auto bins = txn.Economics().PAliveHistogram();
    if (!bins) return core::Fail(bins.error());
    out.bins = *bins;
    auto model = LatestModel(txn);
    if (!model) return core::Fail(model.error());
    out.model = std::move(*model);
    if (!out.model)
      out.reasons["model"] = "no scoring run yet: run `rapport score` or wait for the nightly job";
    else if (out.model->model.empty())
      out.reasons["model"] = "the last scoring run could fit no model: too few customers with orders yet";
    if (out.bins.scored == 0)
      out.reasons["bins"] = out.bins.live_customers == 0
                                ? "no customers yet"
                                : "no customer has a probability alive yet: it needs a fitted model and orders";
    return out;
  });
}

}  // namespace rapport::domain
