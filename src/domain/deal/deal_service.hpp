// DealService: deal use cases and the pipeline figures. Deals are visible to whoever sees their
// customer. Winning a deal places its order (see order_service.hpp) in the same transaction.
// Every change is audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock (and a copy of the
// workspace currency); safe to call from many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Get, Update, ChangeStage of a deal whose customer the actor does not see.
//   kInvalidArgument   Create/Update: "customer_id" (missing, not visible, archived, or changed),
//                      "title", "currency" (not the workspace's), "owner_id" (null, not an active
//                      user, or, for a rep, another user) and the other fields; ChangeStage:
//                      "lost_reason" (missing when lost, or given otherwise), "competitor", and
//                      the order's fields when winning places one; List: "cursor".
//   kConflict          Update of a won or lost deal; ChangeStage to the stage it is in, or a move
//                      the deal's stages do not allow.
//   kPreconditionFailed  Update with an expected_version that is not the current one.
//   PipelineFigures answers only the store's errors. ComputePipeline is pure.
#pragma once

#include <map>

#include "core/clock.hpp"
#include "domain/customer/customer.hpp"
#include "domain/deal/deal.hpp"
#include "domain/order/order.hpp"
#include "domain/page.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

using DealPage = IdPage<Deal>;

// What a stage change did besides moving the deal.
struct DealStageResult {
  Deal deal;
  std::optional<Order> order;  // won: the order it created
  std::optional<Customer> customer;  // the customer after the change
  // Lost the customer's only open deal while the customer is before order: Rapport suggests
  // (does not make) the customer's "lost" exit with the deal's reason.
  bool suggest_customer_lost = false;
};

struct PipelineStage {
  DealStage stage = DealStage::kProposal;
  int count = 0;
  std::int64_t amount_cents = 0, weighted_cents = 0;
  int probability_percent = 0;
  std::optional<double> median_age_days;
};

struct ForecastMonth {
  std::string month;  // "YYYY-MM", or "" for open deals without an expected close date
  int count = 0;
  std::int64_t amount_cents = 0, weighted_cents = 0;
};

struct Pipeline {
  std::vector<PipelineStage> stages;
  std::vector<ForecastMonth> forecast;
};

// Pure: the pipeline from the store's aggregates at `now`: every stage in order (empty ones too),
// median ages in days (open deals: days in the stage; won and lost: days from creation to
// closing; never negative), the forecast by month with deals without a date last.
Pipeline ComputePipeline(const PipelineFigures& figures, Timestamp now);

class DealService {
 public:
  DealService(Store& store, const core::Clock& clock, std::string currency)
      : store_(store), clock_(clock), currency_(std::move(currency)) {}
  core::Result<Deal> Create(const Actor& actor, const DealInput& input);
  core::Result<Deal> Get(const Actor& actor, Id id);
  core::Result<Deal> Update(const Actor& actor, Id id, const DealInput& input,
                            std::optional<std::int64_t> expected_version);
  core::Result<DealPage> List(const Actor& actor, DealQuery query, std::optional<std::string_view> cursor);
  core::Result<DealStageResult> ChangeStage(const Actor& actor, Id id, const DealStageRequest& request);
  core::Result<Pipeline> PipelineFigures(const Actor& actor, std::optional<Id> owner_id);

 private:
  Store& store_;
  const core::Clock& clock_;
  std::string currency_;
};

}  // namespace rapport::domain
