// OpenAPI description of the relationship routes: subscriptions and renewals, win-back,
// referrals, appreciation events.
#include "http/openapi_util.hpp"

namespace rapport::http::openapi {
namespace {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";

constexpr const char* kWinBackFormula =
    "What a churned customer can still earn back (expected_margin_cents) is, when the latest scoring run "
    "predicted a value for them, their predicted value if alive: the margin the fitted models expect from them "
    "over the next 12 months, discounted, were they still buying (predicted CLV ÷ probability alive; "
    "cap_basis predicted_value_if_alive). Otherwise (no scoring run, too little data to fit, no purchase) it is "
    "their historical average yearly net margin (cap_basis historical_yearly_margin): sum of the net margins (margin minus refunded margin) of the "
    "customer's non-cancelled orders × 365 / max(365, days), where days is the whole number of days from the "
    "first such order to the churn date (the time the customer entered churned; now for a customer who is not "
    "churned). spent_cents is the sum of the costs of the win-back offers made so far, and cap_cents = "
    "max(0, expected_margin_cents − spent_cents) is the most the next offer may cost. Integer arithmetic "
    "(minor units; the division rounds toward zero).";

constexpr const char* kRenewalsText =
    "Active subscriptions of the customers you see whose renewal is coming up or has passed, by renews_on. "
    "Each row says which: `upcoming` (renews_on is today or within within_days days), `missed` (renews_on has "
    "passed, it was not renewed and auto_renew is off: a churn signal, churn_signal true), `overdue` (renews_on "
    "has passed and auto_renew is on, but the renewal has not been recorded yet: record it with POST "
    "/api/v1/subscriptions/{id}/renew). Missed and overdue are computed when the list is read: the subscription "
    "stays active until someone renews or cancels it.";

}  // namespace

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

json::object RelationshipPaths() {
  const json::object if_match{{"name", "If-Match"}, {"in", "header"}, {"required", false}, {"schema", Str()},
                              {"description", "The ETag of the version you edited: 412 if it changed since."}};
  json::object patch_event = OpWithBody(
      "Change an event (managers and admins); null capacity removes the limit.", "EventInput",
      Responses({{"200", Ok("Event", "The event.")}},
                {{"401", kAuth}, {"403", kManagers}, {"404", "No such event."},
                 {"409", "The capacity would fall below the accepted invitations."},
                 {"412", "Changed since your version (If-Match)."}, {"422", kInvalid}}));
  patch_event["parameters"] = json::array{if_match};
  const json::object customer_param{{"name", "customer_id"}, {"in", "path"}, {"required", true}, {"schema", Str()},
                                    {"description", "The invited customer's id."}};
  return {
      {"/api/v1/subscriptions",
       {{"get", WithQuery(Op("Subscriptions of the customers you see, newest first.",
                             Responses({{"200", Ok("SubscriptionList", "Subscriptions.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("customer_id", Str(), "One customer's subscriptions."),
                           QueryParam("status", Str(), "active or cancelled."),
                           QueryParam("renews_before", Date(), "renews_on before this date (YYYY-MM-DD)."), Limit(), Cursor()})},
        {"post", OpWithBody("Start a subscription: renews_on is started_on plus the term; a `started` event is recorded.",
                            "SubscriptionInput",
                            Responses({{"201", Ok("Subscription", "The subscription with its events.")}},
                                      {{"401", kAuth}, {"422", kInvalid}}))}}},
      {"/api/v1/subscriptions/{id}",
       {{"parameters", json::array{PathId("subscription")}},
        {"get", Op("One subscription with its events (started, renewed, cancelled), oldest first.",
                   Responses({{"200", Ok("Subscription", "The subscription.")}}, {{"401", kAuth}, {"404", "No such subscription (or not yours to see)."}}))}}},
      {"/api/v1/subscriptions/{id}/renew",
       {{"parameters", json::array{PathId("subscription")}},
        {"post", [&] {
           json::object op = Op("Renew: renews_on advances by term_months, a `renewed` event is recorded and (unless "
                                "record_order is false) an order of the renewal's price is placed (loyalty points, "
                                "order.created, lifecycle). The body is optional.",
                                Responses({{"200", Ok("RenewResult", "The subscription and the renewal's order.")}},
                                          {{"401", kAuth}, {"404", "No such subscription."},
                                           {"409", "The subscription is cancelled."}, {"422", kInvalid}}));
           op["requestBody"] = json::object{{"required", false},
                                            {"content", {{"application/json", {{"schema", Ref("RenewRequest")}}}}}};
           return op;
         }()}}},
      {"/api/v1/subscriptions/{id}/cancel",
       {{"parameters", json::array{PathId("subscription")}},
        {"post", OpWithBody("Cancel (a churn signal): records a `cancelled` event with the reason.", "Cancel",
                            Responses({{"200", Ok("Subscription", "The cancelled subscription.")}},
                                      {{"401", kAuth}, {"404", "No such subscription."}, {"409", "Already cancelled."},
                                       {"422", kInvalid}}))}}},
      {"/api/v1/renewals",
       {{"get", WithDescription(
                    WithQuery(Op("Upcoming, missed and overdue renewals.",
                                 Responses({{"200", Ok("Renewals", "The renewals list.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                              {QueryParam("within_days", Int(), "Days ahead, 0 to 366 (default: the workspace's renewal_notice_days, 30 unless set)."),
                               Limit("Rows at most, 1 to 1000 (default 500).")}),
                    kRenewalsText)}}},
      {"/api/v1/renewals/settings",
       {{"get", Op("The renewal notice period.", Responses({{"200", Ok("RenewalSettings", "The settings.")}}, {{"401", kAuth}}))},
        {"put", OpWithBody("Set the renewal notice period (managers and admins).", "RenewalSettings",
                           Responses({{"200", Ok("RenewalSettings", "Saved.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}}))}}},
      {"/api/v1/customers/{id}/win-back",
       {{"parameters", json::array{PathId("customer")}},
        {"get", WithDescription(Op("Win-back figures of a customer: eligibility (churned), expected margin, spent, cap, offers.",
                                   Responses({{"200", Ok("WinBack", "The figures.")}}, {{"401", kAuth}, {"404", "No such customer."}})),
                                kWinBackFormula)}}},
      {"/api/v1/customers/{id}/win-back-offers",
       {{"parameters", json::array{PathId("customer")}},
        {"post", WithDescription(
                     OpWithBody("Record a win-back offer to a churned customer; one costing more than the cap is refused.",
                                "WinBackOfferInput",
                                Responses({{"201", Ok("WinBackOfferResult", "The offer and the figures after it.")}},
                                          {{"401", kAuth}, {"404", "No such customer."},
                                           {"409", "The customer is not churned."},
                                           {"422", "Invalid, or cost_cents above the cap: the message says how much may be spent (\"at most 123.45 USD may be spent ...\")."}})),
                     kWinBackFormula)}}},
      {"/api/v1/referrals",
       {{"get", WithQuery(Op("Referrals between customers you see, newest first.",
                             Responses({{"200", Ok("ReferralList", "Referrals.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("referrer_id", Str(), "Referrals made by this customer."),
                           QueryParam("referred_id", Str(), "The referral of this customer."), Limit(), Cursor()})},
        {"post", OpWithBody("Record who referred whom. A customer is referred once; nobody refers themselves.", "ReferralInput",
                            Responses({{"201", Ok("Referral", "The referral.")}},
                                      {{"401", kAuth}, {"409", "The customer was referred already."},
                                       {"422", "Invalid, self-referral, or an unknown customer (the field is named)."}}))}}},
      {"/api/v1/referrals/leaderboard",
       {{"get", WithQuery(Op("Referrers ranked by the customers they brought (by=customers) or the net margin those "
                             "customers' non-cancelled orders produced (by=margin); ties by the other figure, then id.",
                             Responses({{"200", Ok("ReferralLeaderboard", "The ranking.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {QueryParam("by", Enum({"customers", "margin"}), "Ranking figure (default customers)."),
                           Limit("Rows, 1 to 500 (default 10).")})}}},
      {"/api/v1/events",
       {{"get", WithQuery(Op("Appreciation events, newest first, with invitation counts.",
                             Responses({{"200", Ok("EventList", "Events.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {Limit(), Cursor()})},
        {"post", OpWithBody("Create an appreciation event (managers and admins).", "EventInput",
                            Responses({{"201", Ok("Event", "The event.")}}, {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}}))}}},
      {"/api/v1/events/targets",
       {{"get", WithQuery(Op("Target list: the customers you see ranked by lifetime net revenue (net amounts of "
                             "non-cancelled orders; customers without any left out), leaving out those invited to any "
                             "event since not_invited_since.",
                             Responses({{"200", Ok("EventTargets", "The targets, most valuable first.")}}, {{"401", kAuth}, {"422", kInvalid}})),
                          {Limit("Rows, 1 to 500 (default 50)."),
                           QueryParam("not_invited_since", Date(), "YYYY-MM-DD (default: January 1 of the current year, UTC)."),
                           QueryParam("stage", Str(), "Only customers in this lifecycle stage.")})}}},
      {"/api/v1/events/{id}",
       {{"parameters", json::array{PathId("event")}},
        {"get", Op("One event with its invitation counts.", Responses({{"200", Ok("Event", "The event.")}}, {{"401", kAuth}, {"404", "No such event."}}))},
        {"patch", patch_event}}},
      {"/api/v1/events/{id}/invitations",
       {{"parameters", json::array{PathId("event")}},
        {"get", WithQuery(Op("Invitations of the customers you see, by customer id.",
                             Responses({{"200", Ok("InvitationList", "Invitations.")}}, {{"401", kAuth}, {"404", "No such event."}, {"422", kInvalid}})),
                          {Limit("Page size, 1 to 500 (default 100)."), Cursor()})},
        {"post", OpWithBody("Invite customers (each once per event): those invited before are reported in already_invited and left unchanged.",
                            "InviteRequest",
                            Responses({{"200", Ok("InviteResult", "Who was invited now and who was already.")}},
                                      {{"401", kAuth}, {"404", "No such event."},
                                       {"422", "Invalid, or an unknown or archived customer (customer_ids[i] names it)."}}))}}},
      {"/api/v1/events/{id}/invitations/{customer_id}",
       {{"parameters", json::array{PathId("event"), customer_param}},
        {"patch", OpWithBody("Record a response and/or attendance. Accepting beyond the capacity is refused.", "InvitationUpdate",
                             Responses({{"200", Ok("Invitation", "The invitation.")}},
                                       {{"401", kAuth}, {"404", "No such event, customer or invitation."},
                                        {"409", "The event is full (the capacity is in the message)."}, {"422", kInvalid}}))}}},
      {"/api/v1/customers/{id}/invitations",
       {{"parameters", json::array{PathId("customer")}},
        {"get", Op("A customer's event invitations, responses and attendance, newest first.",
                   Responses({{"200", Ok("InvitationList", "Invitations (next_cursor is always null).")}}, {{"401", kAuth}, {"404", "No such customer."}}))}}},
  };
}

}  // namespace rapport::http::openapi
