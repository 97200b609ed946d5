#include "http/commerce/commerce_json.hpp"

#include <cmath>

#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;

json::value OptText(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value OptId(const std::optional<core::Id>& v) { return v ? json::value(core::FormatId(*v)) : json::value(nullptr); }
json::value OptTime(const std::optional<core::Timestamp>& v) {
  return v ? json::value(core::FormatIso8601(*v)) : json::value(nullptr);
}
json::value OptInt(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
// Whole numbers as integers ("25", not "2.5E1"); others as they are.
json::value Number(double v) {
  if (v == static_cast<double>(static_cast<std::int64_t>(v)) && v > -1e15 && v < 1e15)
    return json::value(static_cast<std::int64_t>(v));
  return json::value(v);
}

core::Error Invalid(std::map<std::string, std::string> errors) { return core::Error::Invalid(std::move(errors)); }

template <typename T>
std::optional<T> Value(const domain::Patch<T>& p) {
  return p && *p ? std::optional<T>(**p) : std::nullopt;
}

}  // namespace

json::object ProductToJson(const domain::Product& p, std::string_view currency) {
  json::array complements;
  for (auto id : p.complements) complements.emplace_back(core::FormatId(id));
  json::object limits;
  for (const auto& [k, v] : p.limits) limits[k] = Number(v);
  return {{"id", core::FormatId(p.id)}, {"name", p.name}, {"sku", p.sku}, {"price_cents", p.price_cents},
          {"margin_cents", p.margin_cents}, {"currency", currency}, {"active", p.active},
          {"complements", std::move(complements)}, {"limits", std::move(limits)},
          {"created_at", core::FormatIso8601(p.created_at)}, {"updated_at", core::FormatIso8601(p.updated_at)},
          {"version", p.version}};
}

json::object DealToJson(const domain::Deal& d) {
  json::array lines;
  for (const auto& l : d.lines)
    lines.emplace_back(json::object{{"product_id", core::FormatId(l.product_id)}, {"quantity", l.quantity},
                                    {"unit_price_cents", l.unit_price_cents},
                                    {"amount_cents", l.quantity * l.unit_price_cents}});
  return {{"id", core::FormatId(d.id)}, {"customer_id", core::FormatId(d.customer_id)},
          {"owner_id", core::FormatId(d.owner_id)}, {"title", d.title}, {"amount_cents", d.amount_cents},
          {"margin_cents", OptInt(d.margin_cents)}, {"currency", d.currency},
          {"expected_close_date", d.expected_close_date ? json::value(core::FormatDate(*d.expected_close_date)) : json::value(nullptr)},
          {"stage", domain::DealStageName(d.stage)}, {"probability_percent", domain::WinProbabilityPercent(d.stage)},
          {"lines", std::move(lines)}, {"lost_reason", OptText(d.lost_reason)}, {"competitor", OptText(d.competitor)},
          {"order_id", OptId(d.order_id)}, {"created_at", core::FormatIso8601(d.created_at)},
          {"updated_at", core::FormatIso8601(d.updated_at)}, {"stage_changed_at", core::FormatIso8601(d.stage_changed_at)},
          {"closed_at", OptTime(d.closed_at)}, {"version", d.version}};
}

json::object OrderToJson(const domain::Order& o) {
  json::array lines;
  for (const auto& l : o.lines)
    lines.emplace_back(json::object{{"product_id", core::FormatId(l.product_id)}, {"quantity", l.quantity},
                                    {"unit_price_cents", l.unit_price_cents}, {"margin_cents", l.margin_cents},
                                    {"amount_cents", l.quantity * l.unit_price_cents}});
  return {{"id", core::FormatId(o.id)}, {"customer_id", core::FormatId(o.customer_id)},
          {"ordered_at", core::FormatIso8601(o.ordered_at)}, {"currency", o.currency}, {"channel", OptText(o.channel)},
          {"amount_cents", o.amount_cents}, {"margin_cents", o.margin_cents}, {"refunded_cents", o.refunded_cents},
          {"refunded_margin_cents", o.refunded_margin_cents}, {"net_amount_cents", o.NetAmount()},
          {"net_margin_cents", o.NetMargin()}, {"status", domain::OrderStatusName(o.Status())},
          {"cancelled_at", OptTime(o.cancelled_at)}, {"deal_id", OptId(o.deal_id)}, {"lines", std::move(lines)},
          {"created_by", core::FormatId(o.created_by)}, {"created_at", core::FormatIso8601(o.created_at)},
          {"updated_at", core::FormatIso8601(o.updated_at)}, {"version", o.version}};
}

json::object AdjustmentToJson(const domain::OrderAdjustment& a) {
  return {{"id", core::FormatId(a.id)}, {"kind", a.kind == domain::AdjustmentKind::kRefund ? "refund" : "cancellation"},
          {"at", core::FormatIso8601(a.at)}, {"amount_cents", a.amount_cents}, {"margin_cents", a.margin_cents},
          {"reason", a.reason}, {"by", a.by ? json::value(core::FormatId(a.by)) : json::value(nullptr)}};
}

json::object PipelineToJson(const domain::Pipeline& p, std::string_view currency) {
  json::array stages, forecast;
  for (const auto& s : p.stages)
    stages.emplace_back(json::object{{"stage", domain::DealStageName(s.stage)}, {"count", s.count},
                                     {"amount_cents", s.amount_cents}, {"weighted_amount_cents", s.weighted_cents},
                                     {"probability_percent", s.probability_percent},
                                     {"median_age_days", s.median_age_days ? Number(std::round(*s.median_age_days * 10) / 10) : json::value(nullptr)}});
  for (const auto& m : p.forecast)
    forecast.emplace_back(json::object{{"month", m.month.empty() ? json::value(nullptr) : json::value(m.month)},
                                       {"count", m.count}, {"amount_cents", m.amount_cents},
                                       {"weighted_amount_cents", m.weighted_cents}});
  return {{"currency", currency}, {"stages", std::move(stages)}, {"forecast", std::move(forecast)}};
}

json::object LedgerEntryToJson(const domain::LedgerEntry& e) {
  return {{"id", core::FormatId(e.id)}, {"at", core::FormatIso8601(e.at)}, {"kind", domain::LedgerKindName(e.kind)},
          {"points", e.points}, {"order_id", OptId(e.order_id)}, {"reason", OptText(e.reason)}, {"by", OptId(e.by)}};
}

json::object LoyaltyConfigJson(const domain::LoyaltyConfig& c) {
  json::array tiers;
  for (const auto& t : c.tiers) tiers.emplace_back(json::object{{"name", t.name}, {"min_orders", t.min_orders}});
  return {{"points_per_unit", c.points_per_unit}, {"window_days", c.window_days}, {"tiers", std::move(tiers)},
          {"points_expire_days", c.points_expire_days ? json::value(*c.points_expire_days) : json::value(nullptr)}};
}

json::object LoyaltyStatusToJson(const domain::LoyaltyStatus& s) {
  auto tier = [](const std::optional<domain::LoyaltyTier>& t) {
    return t ? json::value(json::object{{"name", t->name}, {"min_orders", t->min_orders}}) : json::value(nullptr);
  };
  json::array recent;
  for (const auto& e : s.recent) recent.emplace_back(LedgerEntryToJson(e));
  return {{"customer_id", core::FormatId(s.customer_id)}, {"balance", s.balance}, {"tier", tier(s.tier)},
          {"next_tier", tier(s.next_tier)}, {"orders_to_next_tier", s.orders_to_next_tier},
          {"orders_in_window", s.orders_in_window}, {"window_days", s.config.window_days},
          {"window_start", core::FormatIso8601(s.window_start)}, {"points_per_unit", s.config.points_per_unit},
          {"recent", std::move(recent)}};
}

domain::ProductInput ProductInputFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::ProductInput in;
  in.name = r.String("name");
  in.sku = r.String("sku");
  in.price_cents = r.Integer("price_cents");
  in.margin_cents = r.Integer("margin_cents");
  in.active = r.Boolean("active");
  in.complements = r.IdList("complements");
  bool present = false, is_null = false;
  if (const auto* limits = r.Object("limits", present, is_null)) {
    std::map<std::string, double> out;
    for (const auto& [k, v] : *limits) {
      if (!v.is_number()) errors["limits." + std::string(k)] = "must be a number";
      else out[std::string(k)] = v.to_number<double>();
    }
    in.limits = std::optional<std::map<std::string, double>>{std::move(out)};
  } else if (present && is_null) {
    in.limits = std::optional<std::map<std::string, double>>{};
  }
  for (const char* ro : {"id", "created_at", "updated_at", "version", "currency"}) r.Reject(ro, "read-only");
  r.RejectUnknown();
  in.decode_errors = std::move(errors);
  return in;
}

domain::DealInput DealInputFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::DealInput in;
  in.customer_id = r.IdField("customer_id");
  in.owner_id = r.IdField("owner_id");
  in.title = r.String("title");
  in.amount_cents = r.Integer("amount_cents");
  in.margin_cents = r.Integer("margin_cents");
  in.expected_close_date = r.Date("expected_close_date");
  in.competitor = r.String("competitor");
  if (auto c = r.String("currency"); c && *c) in.currency = **c;
  bool present = false, is_null = false;
  if (const auto* lines = r.ObjectArray("lines", present, is_null)) {
    std::vector<domain::DealLineInput> out;
    for (std::size_t i = 0; i < lines->size(); ++i) {
      FieldReader lr((*lines)[i].as_object(), "lines[" + std::to_string(i) + "].", errors);
      domain::DealLineInput li;
      li.product_id = Value(lr.IdField("product_id"));
      li.quantity = Value(lr.Integer("quantity"));
      li.unit_price_cents = Value(lr.Integer("unit_price_cents"));
      lr.Reject("amount_cents", "read-only");
      lr.RejectUnknown();
      out.push_back(li);
    }
    in.lines = std::optional<std::vector<domain::DealLineInput>>{std::move(out)};
  } else if (present && is_null) {
    in.lines = std::optional<std::vector<domain::DealLineInput>>{};
  }
  r.Reject("stage", "cannot be set here: use POST /api/v1/deals/{id}/stage");
  r.Reject("lost_reason", "set by POST /api/v1/deals/{id}/stage with stage lost");
  for (const char* ro : {"id", "order_id", "probability_percent", "created_at", "updated_at", "stage_changed_at",
                         "closed_at", "version"})
    r.Reject(ro, "read-only");
  r.RejectUnknown();
  in.decode_errors = std::move(errors);
  return in;
}

core::Result<domain::DealStageRequest> DealStageFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::DealStageRequest req;
  auto stage = r.String("stage");
  if (!stage || !*stage) errors["stage"] = "required: one of proposal, negotiation, won, lost";
  else if (auto s = domain::ParseDealStage(**stage)) req.target = *s;
  else errors["stage"] = "unknown stage '" + **stage + "': one of proposal, negotiation, won, lost";
  req.lost_reason = Value(r.String("lost_reason"));
  req.competitor = Value(r.String("competitor"));
  r.RejectUnknown();
  if (!errors.empty()) return core::Fail(Invalid(std::move(errors)));
  return req;
}

domain::OrderInput OrderInputFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::OrderInput in;
  in.customer_id = Value(r.IdField("customer_id"));
  in.ordered_at = Value(r.Time("ordered_at"));
  in.currency = Value(r.String("currency"));
  in.channel = Value(r.String("channel"));
  in.amount_cents = Value(r.Integer("amount_cents"));
  in.margin_cents = Value(r.Integer("margin_cents"));
  bool present = false, is_null = false;
  if (const auto* lines = r.ObjectArray("lines", present, is_null)) {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      FieldReader lr((*lines)[i].as_object(), "lines[" + std::to_string(i) + "].", errors);
      domain::OrderLineInput li;
      li.product_id = Value(lr.IdField("product_id"));
      li.quantity = Value(lr.Integer("quantity"));
      li.unit_price_cents = Value(lr.Integer("unit_price_cents"));
      li.margin_cents = Value(lr.Integer("margin_cents"));
      lr.Reject("amount_cents", "read-only");
      lr.RejectUnknown();
      in.lines.push_back(li);
    }
  }
  for (const char* ro : {"id", "status", "refunded_cents", "refunded_margin_cents", "net_amount_cents",
                         "net_margin_cents", "cancelled_at", "deal_id", "created_by", "created_at", "updated_at",
                         "version"})
    r.Reject(ro, "read-only");
  r.RejectUnknown();
  in.decode_errors = std::move(errors);
  return in;
}

core::Result<domain::RefundRequest> RefundFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::RefundRequest req;
  req.amount_cents = Value(r.Integer("amount_cents"));
  req.margin_cents = Value(r.Integer("margin_cents"));
  req.reason = Value(r.String("reason"));
  r.RejectUnknown();
  if (!errors.empty()) return core::Fail(Invalid(std::move(errors)));
  return req;
}

core::Result<domain::LoyaltyConfig> LoyaltyConfigFromBody(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::LoyaltyConfig c;
  auto required = [&](const char* key, auto patch) {
    if (!patch) errors.emplace(key, "required");
    else if (!*patch) errors.emplace(key, "must not be null");
    return patch && *patch ? std::optional(**patch) : std::nullopt;
  };
  if (auto v = required("points_per_unit", r.Integer("points_per_unit"))) c.points_per_unit = *v;
  if (auto v = required("window_days", r.Integer("window_days"))) {
    if (*v < 1 || *v > 3660) errors["window_days"] = "must be from 1 to 3660";
    else c.window_days = static_cast<int>(*v);
  }
  if (auto e = r.Integer("points_expire_days"); e && *e) {
    if (**e < 1 || **e > 36600) errors["points_expire_days"] = "must be from 1 to 36600, or null for never";
    else c.points_expire_days = static_cast<int>(**e);
  }
  bool present = false, is_null = false;
  const auto* tiers = r.ObjectArray("tiers", present, is_null);
  if (!tiers && !errors.contains("tiers")) errors["tiers"] = "required: an array of {name, min_orders}";
  if (tiers) {
    c.tiers.clear();
    for (std::size_t i = 0; i < tiers->size(); ++i) {
      FieldReader tr((*tiers)[i].as_object(), "tiers[" + std::to_string(i) + "].", errors);
      domain::LoyaltyTier t;
      if (auto n = tr.String("name"); n && *n) t.name = **n;
      else tr.Fail("name", "required");
      if (auto m = tr.Integer("min_orders"); m && *m) t.min_orders = static_cast<int>(std::clamp<std::int64_t>(**m, -1, 1'000'000));
      else tr.Fail("min_orders", "required");
      tr.RejectUnknown();
      c.tiers.push_back(std::move(t));
    }
  }
  r.RejectUnknown();
  if (auto st = domain::ValidateLoyaltyConfig(c); !st)
    for (const auto& [k, v] : st.error().fields) errors.emplace(k, v);  // every bad field at once
  if (!errors.empty()) return core::Fail(Invalid(std::move(errors)));
  return c;
}

}  // namespace rapport::http
