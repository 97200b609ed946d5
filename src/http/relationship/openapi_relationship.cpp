// OpenAPI description of the relationship routes: subscriptions and renewals, win-back,
// referrals, appreciation events.
#include "http/relationship/openapi_relationship.hpp"

namespace rapport::http::openapi {
using namespace relationship;  // NOLINT: the relationship building blocks

json::object RelationshipSchemas() {
  const json::object sub_event =
      Object({{"id", Str()}, {"kind", Enum({"started", "renewed", "cancelled"})}, {"at", Time()},
              {"from_date", NullableDate()}, {"to_date", NullableDate()},
              {"order_id", Nullable("string", "renewed: the order recording the renewal's revenue.")},
              {"reason", Nullable("string", "cancelled: why.")}, {"by", Nullable("string")}});
  json::object subscription_props{
      {"id", Str()}, {"customer_id", Str()}, {"product_id", Str()}, {"started_on", Date()},
      {"term_months", Int()}, {"renewals", Int("Terms renewed so far.")},
      {"renews_on", Date("End of the current term: started_on + term_months × (renewals + 1) months, the day "
                         "clamped to the end of shorter months (a monthly plan started Jan 31 renews Feb 28/29, "
                         "Mar 31, Apr 30, ...).")},
      {"auto_renew", Bool()}, {"price_cents", Int("Per term.")}, {"currency", Str()},
      {"status", Enum({"active", "cancelled"})}, {"cancelled_at", NullableTime()},
      {"cancel_reason", Nullable("string")}, {"created_by", Str()}, {"created_at", Time()},
      {"updated_at", Time()}, {"version", Int()}};
  json::object subscription = Object(subscription_props);
  subscription["properties"].as_object()["events"] = ArrayOf(sub_event);
  json::object renewal_row_props = subscription_props;
  renewal_row_props["renewal"] = Enum({"upcoming", "missed", "overdue"});
  renewal_row_props["days_until"] = Int("renews_on minus today, in days (negative: passed).");
  renewal_row_props["churn_signal"] = Bool("True for missed renewals.");
  const json::object offer = Object({{"id", Str()}, {"customer_id", Str()}, {"at", Time()}, {"by", Nullable("string")},
                                     {"description", Str()}, {"cost_cents", Int()},
                                     {"cap_at_offer_cents", Int("The cap just before this offer.")}});
  const json::object counts = Object({{"invited", Int()}, {"accepted", Int()}, {"declined", Int()},
                                      {"pending", Int()}, {"attended", Int()}});
  json::object win_back = Object(
      {{"customer_id", Str()}, {"stage", Str()}, {"eligible", Bool("The customer is churned.")},
       {"churned_at", NullableTime()}, {"currency", Str()}, {"orders", Int("Non-cancelled orders.")},
       {"net_margin_cents", Int("Their net margin.")}, {"first_order_at", NullableTime()},
       {"days", Int("Whole days from the first order to the churn date (or now).")},
       {"expected_margin_cents", Int("What the cap is based on (see the description and cap_basis).")},
       {"cap_basis", Enum({"predicted_value_if_alive", "historical_yearly_margin"})},
       {"predicted_value_if_alive_cents", Nullable("integer", "From the latest scoring run; null without a prediction.")},
       {"p_alive", Nullable("number", "From the latest scoring run; null without a prediction.")},
       {"historical_yearly_margin_cents", Int("Historical average yearly net margin (see the description).")},
       {"spent_cents", Int("Costs of the win-back offers made so far.")},
       {"cap_cents", Int("max(0, expected − spent): the most the next offer may cost.")},
       {"offers", ArrayOf(offer)}});
  win_back["description"] = kWinBackFormula;
  return {
      {"Subscription", subscription},
      {"SubscriptionInput",
       Object({{"customer_id", Str()}, {"product_id", Str("The plan (an active product).")},
               {"started_on", Date("Default: today.")}, {"term_months", Int("1 to 120.")},
               {"auto_renew", Bool("Default false.")},
               {"price_cents", Int("Per term; default: the product's price.")},
               {"currency", Str("Must be the workspace currency.")}},
              {"customer_id", "product_id", "term_months"})},
      {"SubscriptionList", ListOf("Subscription")},
      {"RenewRequest", Object({{"record_order", Bool("Default true: also record an order of one unit of the "
                                                     "product at price_cents, so the economics see the renewal.")}})},
      {"RenewResult", Object({{"subscription", Ref("Subscription")},
                              {"order", {{"oneOf", json::array{Ref("Order"), {{"type", "null"}}}}}}})},
      {"Renewals", Object({{"as_of", Date("Today (UTC).")}, {"within_days", Int()},
                           {"data", ArrayOf(Object(renewal_row_props))},
                           {"truncated", Bool("More rows than limit.")}})},
      {"RenewalSettings", Object({{"renewal_notice_days", Int("Days before renews_on a renewal is listed (default 30).")}},
                                 {"renewal_notice_days"})},
      {"WinBack", win_back},
      {"WinBackOfferInput", Object({{"description", Str("What is offered.")}, {"cost_cents", Int("What it costs us; at most cap_cents.")}},
                                   {"description", "cost_cents"})},
      {"WinBackOfferResult", Object({{"offer", offer}, {"win_back", Ref("WinBack")}})},
      {"Referral", Object({{"id", Str()}, {"referrer_id", Str()}, {"referrer_name", Str()}, {"referred_id", Str()},
                           {"referred_name", Str()}, {"referred_at", Time()}, {"channel", Nullable("string")},
                           {"note", Nullable("string")}, {"created_by", Nullable("string")}, {"created_at", Time()}})},
      {"ReferralInput", Object({{"referrer_id", Str("Who recommended us.")},
                                {"referred_id", Str("Who was recommended: each customer is referred once.")},
                                {"referred_at", Time()}, {"channel", Str()}, {"note", Str()}},
                               {"referrer_id", "referred_id"})},
      {"ReferralList", ListOf("Referral")},
      {"ReferralLeaderboard",
       Object({{"by", Enum({"customers", "margin"})}, {"currency", Str()},
               {"data", ArrayOf(Object({{"rank", Int()}, {"referrer_id", Str()}, {"referrer_name", Str()},
                                        {"customers_brought", Int()},
                                        {"margin_cents", Int("Net margin of the referred customers' non-cancelled orders.")}}))}})},
      {"Event", Object({{"id", Str()}, {"name", Str()}, {"starts_at", Time()}, {"place", Nullable("string")},
                        {"online", Bool()}, {"capacity", Nullable("integer", "Accepted invitations at most; null: no limit.")},
                        {"seats_left", Nullable("integer")}, {"invitations", counts},
                        {"created_by", Nullable("string")}, {"created_at", Time()}, {"updated_at", Time()},
                        {"version", Int()}})},
      {"EventInput", Object({{"name", Str()}, {"starts_at", Time()},
                             {"place", Nullable("string", "Required unless online.")}, {"online", Bool()},
                             {"capacity", Nullable("integer", "1 or more; null: no limit.")}},
                            {"name", "starts_at"})},
      {"EventList", ListOf("Event")},
      {"InviteRequest", Object({{"customer_ids", ArrayOf(Str())}}, {"customer_ids"})},
      {"InviteResult", Object({{"invited", ArrayOf(Str())},
                               {"already_invited", ArrayOf(Str("Invited before: left unchanged."))},
                               {"event", Ref("Event")}})},
      {"Invitation", Object({{"event_id", Str()}, {"event_name", Str()}, {"event_starts_at", Time()},
                             {"customer_id", Str()}, {"customer_name", Str()}, {"invited_at", Time()},
                             {"invited_by", Nullable("string")}, {"response", Enum({"pending", "accepted", "declined"})},
                             {"responded_at", NullableTime()},
                             {"attended", Nullable("boolean", "null: not recorded yet.")}, {"updated_at", Time()}})},
      {"InvitationUpdate", Object({{"response", Enum({"accepted", "declined", "pending"})}, {"attended", Nullable("boolean")}})},
      {"InvitationList", ListOf("Invitation")},
      {"EventTargets",
       Object({{"not_invited_since", Date()}, {"currency", Str()},
               {"data", ArrayOf(Object({{"customer_id", Str()}, {"name", Str()}, {"stage", Str()}, {"owner_id", Str()},
                                        {"value_cents", Int("Lifetime net revenue: net amounts of non-cancelled orders.")},
                                        {"orders", Int()}, {"last_invited_at", NullableTime()}}))}})},
  };
}

}  // namespace rapport::http::openapi
