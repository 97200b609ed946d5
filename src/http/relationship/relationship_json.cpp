#include "http/relationship/relationship_json.hpp"

#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;

json::value OptText(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value OptId(const std::optional<core::Id>& v) { return v ? json::value(core::FormatId(*v)) : json::value(nullptr); }
json::value OptTime(const std::optional<core::Timestamp>& v) {
  return v ? json::value(core::FormatIso8601(*v)) : json::value(nullptr);
}
json::value OptDate(const std::optional<core::Date>& v) {
  return v ? json::value(core::FormatDate(*v)) : json::value(nullptr);
}
json::value OptInt(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

template <typename T>
std::optional<T> Value(const domain::Patch<T>& p) {
  return p && *p ? std::optional<T>(**p) : std::nullopt;
}

json::object SubscriptionEventToJson(const domain::SubscriptionEvent& e) {
  return {{"id", core::FormatId(e.id)}, {"kind", domain::SubscriptionEventKindName(e.kind)},
          {"at", core::FormatIso8601(e.at)}, {"from_date", OptDate(e.from_date)}, {"to_date", OptDate(e.to_date)},
          {"order_id", OptId(e.order_id)}, {"reason", OptText(e.reason)}, {"by", OptId(e.by)}};
}

}  // namespace

json::object SubscriptionToJson(const domain::Subscription& s) {
  return {{"id", core::FormatId(s.id)}, {"customer_id", core::FormatId(s.customer_id)},
          {"product_id", core::FormatId(s.product_id)}, {"started_on", core::FormatDate(s.started_on)},
          {"term_months", s.term_months}, {"renewals", s.renewals}, {"renews_on", core::FormatDate(s.renews_on)},
          {"auto_renew", s.auto_renew}, {"price_cents", s.price_cents}, {"currency", s.currency},
          {"status", domain::SubscriptionStatusName(s.status)}, {"cancelled_at", OptTime(s.cancelled_at)},
          {"cancel_reason", OptText(s.cancel_reason)}, {"created_by", core::FormatId(s.created_by)},
          {"created_at", core::FormatIso8601(s.created_at)}, {"updated_at", core::FormatIso8601(s.updated_at)},
          {"version", s.version}};
}

json::object SubscriptionDetailToJson(const domain::SubscriptionDetail& d) {
  json::object o = SubscriptionToJson(d.subscription);
  json::array events;
  for (const auto& e : d.events) events.emplace_back(SubscriptionEventToJson(e));
  o["events"] = std::move(events);
  return o;
}

json::object RenewalListToJson(const domain::RenewalList& list) {
  json::array data;
  for (const auto& row : list.rows) {
    json::object o = SubscriptionToJson(row.subscription);
    o["renewal"] = domain::RenewalKindName(row.kind);
    o["days_until"] = row.days_until;
    o["churn_signal"] = row.kind == domain::RenewalKind::kMissed;
    data.emplace_back(std::move(o));
  }
  return {{"as_of", core::FormatDate(list.today)}, {"within_days", list.within_days}, {"data", std::move(data)},
          {"truncated", list.truncated}};
}

json::object WinBackOfferToJson(const domain::WinBackOffer& o) {
  return {{"id", core::FormatId(o.id)}, {"customer_id", core::FormatId(o.customer_id)},
          {"at", core::FormatIso8601(o.at)}, {"by", OptId(o.by)}, {"description", o.description},
          {"cost_cents", o.cost_cents}, {"cap_at_offer_cents", o.cap_at_offer_cents}};
}

json::object WinBackToJson(const domain::WinBackStatus& s, std::string_view currency) {
  json::array offers;
  for (const auto& o : s.offers) offers.emplace_back(WinBackOfferToJson(o));
  return {{"customer_id", core::FormatId(s.customer_id)}, {"stage", domain::StageName(s.stage)},
          {"eligible", s.eligible}, {"churned_at", OptTime(s.churned_at)}, {"currency", currency},
          {"orders", s.history.orders}, {"net_margin_cents", s.history.net_margin_cents},
          {"first_order_at", OptTime(s.history.first_order_at)}, {"days", s.days},
          {"historical_yearly_margin_cents", s.historical_yearly_margin_cents},
          {"predicted_value_if_alive_cents", s.predicted_value_if_alive_cents ? json::value(*s.predicted_value_if_alive_cents)
                                                                              : json::value(nullptr)},
          {"p_alive", s.p_alive ? json::value(*s.p_alive) : json::value(nullptr)},
          {"cap_basis", s.cap_basis},
          {"expected_margin_cents", s.expected_margin_cents}, {"spent_cents", s.spent_cents},
          {"cap_cents", s.cap_cents}, {"offers", std::move(offers)}};
}

json::object ReferralToJson(const domain::Referral& r) {
  return {{"id", core::FormatId(r.id)}, {"referrer_id", core::FormatId(r.referrer_id)},
          {"referrer_name", r.referrer_name}, {"referred_id", core::FormatId(r.referred_id)},
          {"referred_name", r.referred_name}, {"referred_at", core::FormatIso8601(r.referred_at)},
          {"channel", OptText(r.channel)}, {"note", OptText(r.note)}, {"created_by", OptId(r.created_by)},
          {"created_at", core::FormatIso8601(r.created_at)}};
}

json::object LeaderboardRowToJson(const domain::LeaderboardRow& row, int rank) {
  return {{"rank", rank}, {"referrer_id", core::FormatId(row.referrer_id)}, {"referrer_name", row.referrer_name},
          {"customers_brought", row.customers_brought}, {"margin_cents", row.margin_cents}};
}

json::object EventToJson(const domain::EventDetail& d) {
  const auto& e = d.event;
  const auto& c = d.counts;
  json::value seats_left = nullptr;
  if (e.capacity) seats_left = std::max<std::int64_t>(0, *e.capacity - c.accepted);
  return {{"id", core::FormatId(e.id)}, {"name", e.name}, {"starts_at", core::FormatIso8601(e.starts_at)},
          {"place", OptText(e.place)}, {"online", e.online}, {"capacity", OptInt(e.capacity)},
          {"seats_left", seats_left},
          {"invitations", json::object{{"invited", c.invited}, {"accepted", c.accepted}, {"declined", c.declined},
                                       {"pending", c.pending}, {"attended", c.attended}}},
          {"created_by", OptId(e.created_by)}, {"created_at", core::FormatIso8601(e.created_at)},
          {"updated_at", core::FormatIso8601(e.updated_at)}, {"version", e.version}};
}

json::object InvitationToJson(const domain::Invitation& v) {
  return {{"event_id", core::FormatId(v.event_id)}, {"event_name", v.event_name},
          {"event_starts_at", core::FormatIso8601(v.event_starts_at)}, {"customer_id", core::FormatId(v.customer_id)},
          {"customer_name", v.customer_name}, {"invited_at", core::FormatIso8601(v.invited_at)},
          {"invited_by", OptId(v.invited_by)}, {"response", domain::InvitationResponseName(v.response)},
          {"responded_at", OptTime(v.responded_at)},
          {"attended", v.attended ? json::value(*v.attended) : json::value(nullptr)},
          {"updated_at", core::FormatIso8601(v.updated_at)}};
}

json::object TargetToJson(const domain::TargetRow& t) {
  return {{"customer_id", core::FormatId(t.customer_id)}, {"name", t.name}, {"stage", domain::StageName(t.stage)},
          {"owner_id", core::FormatId(t.owner_id)}, {"value_cents", t.value_cents}, {"orders", t.orders},
          {"last_invited_at", OptTime(t.last_invited_at)}};
}

domain::SubscriptionInput SubscriptionInputFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::SubscriptionInput in;
  in.customer_id = Value(r.IdField("customer_id"));
  in.product_id = Value(r.IdField("product_id"));
  in.started_on = Value(r.Date("started_on"));
  in.term_months = Value(r.Integer("term_months"));
  in.price_cents = Value(r.Integer("price_cents"));
  in.auto_renew = Value(r.Boolean("auto_renew"));
  in.currency = Value(r.String("currency"));
  r.Reject("renews_on", "derived: started_on plus term_months for each term; POST /api/v1/subscriptions/{id}/renew advances it");
  r.Reject("status", "cannot be set here: use POST /api/v1/subscriptions/{id}/cancel");
  for (const char* ro : {"id", "renewals", "cancelled_at", "cancel_reason", "created_by", "created_at", "updated_at",
                         "version", "events"})
    r.Reject(ro, "read-only");
  r.RejectUnknown();
  in.decode_errors = std::move(errors);
  return in;
}

domain::WinBackOfferInput WinBackOfferFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::WinBackOfferInput in;
  in.description = Value(r.String("description"));
  in.cost_cents = Value(r.Integer("cost_cents"));
  for (const char* ro : {"id", "customer_id", "at", "by", "cap_at_offer_cents"}) r.Reject(ro, "read-only");
  r.RejectUnknown();
  in.decode_errors = std::move(errors);
  return in;
}

domain::ReferralInput ReferralInputFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::ReferralInput in;
  in.referrer_id = Value(r.IdField("referrer_id"));
  in.referred_id = Value(r.IdField("referred_id"));
  in.referred_at = Value(r.Time("referred_at"));
  in.channel = Value(r.String("channel"));
  in.note = Value(r.String("note"));
  for (const char* ro : {"id", "referrer_name", "referred_name", "created_by", "created_at"}) r.Reject(ro, "read-only");
  r.RejectUnknown();
  in.decode_errors = std::move(errors);
  return in;
}

domain::AppreciationEventInput EventInputFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::AppreciationEventInput in;
  in.name = r.String("name");
  in.starts_at = r.Time("starts_at");
  in.place = r.String("place");
  in.online = r.Boolean("online");
  in.capacity = r.Integer("capacity");
  for (const char* ro : {"id", "seats_left", "invitations", "created_by", "created_at", "updated_at", "version"})
    r.Reject(ro, "read-only");
  r.RejectUnknown();
  in.decode_errors = std::move(errors);
  return in;
}

domain::InvitationUpdate InvitationUpdateFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::InvitationUpdate u;
  if (auto resp = r.String("response")) {
    if (!*resp) errors["response"] = "must be accepted, declined or pending";
    else if (auto v = domain::ParseInvitationResponse(**resp)) u.response = *v;
    else errors["response"] = "unknown response '" + **resp + "': one of accepted, declined, pending";
  }
  u.attended = r.Boolean("attended");
  for (const char* ro : {"event_id", "customer_id", "invited_at", "invited_by", "responded_at", "updated_at"})
    r.Reject(ro, "read-only");
  r.RejectUnknown();
  u.decode_errors = std::move(errors);
  return u;
}

}  // namespace rapport::http
