#include "domain/winback/winback_service.hpp"

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/economics/economics_repo.hpp"
#include "domain/winback/winback_repo.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kMaxCost = 1'000'000'000'000;  // 10 billion in major units

core::Result<Customer> FindVisibleCustomer(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Customers().Find(id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(core::Error::NotFound("customer " + core::FormatId(id) + " not found"));
  return std::move(**found);
}

core::Result<WinBackStatus> ComputeStatus(Txn& txn, const Customer& c, Timestamp now) {
  auto history = txn.WinBack().History(c.id);
  if (!history) return core::Fail(history.error());
  auto score = txn.Economics().ScoreOf(c.id);
  if (!score) return core::Fail(score.error());
  auto offers = txn.WinBack().Offers(c.id);
  if (!offers) return core::Fail(offers.error());
  return ComputeWinBackStatus(c, *history, *score, std::move(*offers), now);
}

}  // namespace

WinBackStatus ComputeWinBackStatus(const Customer& c, const MarginHistory& history,
                                   const std::optional<CustomerScore>& score, std::vector<WinBackOffer> offers,
                                   Timestamp now) {
  WinBackStatus s;
  s.customer_id = c.id;
  s.stage = c.stage;
  s.eligible = c.stage == Stage::kChurned;
  if (s.eligible) s.churned_at = c.stage_changed_at;
  s.history = history;
  // The customer's historical average yearly net margin: what the customer earned us per year
  // while buying, from the first order to the churn date (or now), counting at least one year.
  const Timestamp end = s.churned_at.value_or(now);
  s.days = s.history.first_order_at ? WholeDaysBetween(*s.history.first_order_at, end) : 0;
  s.historical_yearly_margin_cents = s.history.orders > 0 ? YearlyMargin(s.history.net_margin_cents, s.days) : 0;
  // With a score, what the customer can still earn back is what the model predicts they would
  // bring over the next 12 months were they still buying (see winback.hpp).
  if (score && score->clv_if_alive_cents) {
    s.predicted_value_if_alive_cents = score->clv_if_alive_cents;
    s.p_alive = score->p_alive;
  }
  s.cap_basis = s.predicted_value_if_alive_cents ? kCapBasisPredicted : kCapBasisHistorical;
  s.expected_margin_cents = s.predicted_value_if_alive_cents.value_or(s.historical_yearly_margin_cents);
  s.offers = std::move(offers);
  s.spent_cents = 0;
  for (const auto& o : s.offers) s.spent_cents += o.cost_cents;
  s.cap_cents = WinBackCap(s.expected_margin_cents, s.spent_cents);
  return s;
}

std::string FormatMoney(std::int64_t cents, std::string_view currency) {
  const std::uint64_t a = cents < 0 ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  std::string frac = std::to_string(a % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return std::string(cents < 0 ? "-" : "") + std::to_string(a / 100) + "." + frac + " " + std::string(currency);
}

core::Result<WinBackStatus> WinBackService::Status(const Actor& actor, Id customer_id) {
  const Timestamp now = clock_.Now();
  return ReadValue<WinBackStatus>(store_, [&](Txn& txn) -> core::Result<WinBackStatus> {
    auto c = FindVisibleCustomer(txn, actor, customer_id);
    if (!c) return core::Fail(c.error());
    return ComputeStatus(txn, *c, now);
  });
}

core::Result<WinBackOfferResult> WinBackService::Offer(const Actor& actor, Id customer_id,
                                                       const WinBackOfferInput& in) {
  std::map<std::string, std::string> errors = in.decode_errors;
  std::string description;
  if (in.description) {
    if (!core::IsValidUtf8(*in.description)) errors.emplace("description", "must be valid UTF-8");
    description = core::Trim(*in.description);
    if (core::CodepointCount(description) > 500) errors.emplace("description", "too long: at most 500 characters");
  }
  if (description.empty() && !errors.contains("description"))
    errors.emplace("description", "required: what is offered");
  if (!in.cost_cents) {
    if (!errors.contains("cost_cents")) errors.emplace("cost_cents", "required: what the offer costs us");
  } else if (*in.cost_cents < 0 || *in.cost_cents > kMaxCost) {
    errors.emplace("cost_cents", "must be from 0 to " + std::to_string(kMaxCost));
  }
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  const Timestamp now = clock_.Now();
  return WriteValue<WinBackOfferResult>(store_, [&](Txn& txn) -> core::Result<WinBackOfferResult> {
    if (auto st = txn.WinBack().Lock(customer_id); !st) return core::Fail(st.error());
    auto c = FindVisibleCustomer(txn, actor, customer_id);
    if (!c) return core::Fail(c.error());
    if (c->stage != Stage::kChurned)
      return core::Fail(core::Error::Conflict("customer " + core::FormatId(customer_id) + " is in stage " +
                                              std::string(StageName(c->stage)) +
                                              ": win-back offers are for churned customers"));
    auto before = ComputeStatus(txn, *c, now);
    if (!before) return core::Fail(before.error());
    if (*in.cost_cents > before->cap_cents)
      return core::Fail(core::Error::Invalid(
          "cost_cents", "at most " + FormatMoney(before->cap_cents, currency_) + " may be spent on winning customer " +
                            core::FormatId(customer_id) + " back (" +
                            (before->cap_basis == kCapBasisPredicted ? "predicted value over 12 months if still buying "
                                                                     : "historical yearly margin ") +
                            FormatMoney(before->expected_margin_cents, currency_) + " minus " +
                            FormatMoney(before->spent_cents, currency_) + " already offered); this offer costs " +
                            FormatMoney(*in.cost_cents, currency_)));
    WinBackOffer o;
    o.customer_id = customer_id;
    o.at = now;
    if (actor.user_id) o.by = actor.user_id;
    o.description = description;
    o.cost_cents = *in.cost_cents;
    o.cap_at_offer_cents = before->cap_cents;
    if (auto st = txn.WinBack().Append(o); !st) return core::Fail(st.error());
    AuditEntry e = NewAuditEntry(actor, now, "winback.offer", "customer", customer_id);
    e.customer_id = customer_id;
    e.changes = {{"cost_cents", std::nullopt, AuditInt(o.cost_cents)},
                 {"cap_at_offer_cents", std::nullopt, AuditInt(o.cap_at_offer_cents)}};
    e.detail = o.description;
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    auto after = ComputeStatus(txn, *c, now);
    if (!after) return core::Fail(after.error());
    return WinBackOfferResult{std::move(o), std::move(*after)};
  });
}

}  // namespace rapport::domain
