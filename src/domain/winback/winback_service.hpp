// WinBackService: a customer's win-back figures and offers; recording an offer within the cap
// (see winback.hpp for the formula). An offer is audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock (and a copy of the
// workspace currency); safe to call from many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   Status  kNotFound when the actor does not see the customer.
//   Offer   kInvalidArgument on "description" / "cost_cents" (missing, out of range, decode
//           errors) before reading anything; then as stated at the method.
#pragma once

#include <map>

#include "core/clock.hpp"
#include "domain/customer/customer.hpp"
#include "domain/customer/stage.hpp"
#include "domain/economics/economics.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"
#include "domain/winback/winback.hpp"

namespace rapport::domain {

struct WinBackStatus {
  Id customer_id = 0;
  Stage stage = Stage::kContact;
  bool eligible = false;                 // the customer is churned
  std::optional<Timestamp> churned_at;   // when it entered churned (eligible only)
  MarginHistory history;
  std::int64_t days = 0;                 // from the first order to the churn date (or now)
  std::int64_t historical_yearly_margin_cents = 0;  // YearlyMargin of the history
  // From the latest scoring run, when it predicted a value for the customer.
  std::optional<std::int64_t> predicted_value_if_alive_cents;
  std::optional<double> p_alive;
  // What the cap is based on: the predicted value if alive when there is one (basis
  // kCapBasisPredicted), else the historical yearly margin (kCapBasisHistorical).
  std::string_view cap_basis;
  std::int64_t expected_margin_cents = 0;
  std::int64_t spent_cents = 0;
  std::int64_t cap_cents = 0;
  std::vector<WinBackOffer> offers;  // oldest first
};

inline constexpr std::string_view kCapBasisPredicted = "predicted_value_if_alive";
inline constexpr std::string_view kCapBasisHistorical = "historical_yearly_margin";

struct WinBackOfferInput {
  std::optional<std::string> description;
  std::optional<std::int64_t> cost_cents;
  std::map<std::string, std::string> decode_errors;
};

struct WinBackOfferResult {
  WinBackOffer offer;
  WinBackStatus status;  // after the offer
};

// Pure: the win-back figures of customer `c` at `now` from what the store holds about it: its
// margin history, its latest scores (none: never scored) and its offers (oldest first). The cap
// is based on the predicted value if alive when the scores have one, else on the historical
// yearly margin (from the first order to the churn date, or now, counting at least a year).
WinBackStatus ComputeWinBackStatus(const Customer& c, const MarginHistory& history,
                                   const std::optional<CustomerScore>& score, std::vector<WinBackOffer> offers,
                                   Timestamp now);

class WinBackService {
 public:
  WinBackService(Store& store, const core::Clock& clock, std::string currency)
      : store_(store), clock_(clock), currency_(std::move(currency)) {}
  core::Result<WinBackStatus> Status(const Actor& actor, Id customer_id);
  // kNotFound when not visible; kConflict when the customer is not churned; kInvalidArgument on
  // cost_cents (with the cap in the message) when the offer costs more than the cap.
  core::Result<WinBackOfferResult> Offer(const Actor& actor, Id customer_id, const WinBackOfferInput& input);

 private:
  Store& store_;
  const core::Clock& clock_;
  std::string currency_;
};

// "123.45 USD"
std::string FormatMoney(std::int64_t cents, std::string_view currency);

}  // namespace rapport::domain
