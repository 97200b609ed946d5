#include "http/care/care_json.hpp"

#include "http/json_body.hpp"
#include "http/json_values.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;

json::value OptNumber(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object DurationToJson(const domain::DurationStats& s) {
  return {{"count", s.count}, {"median_minutes", OptNumber(s.median_minutes)}, {"p90_minutes", OptNumber(s.p90_minutes)}};
}

json::object GroupToJson(const domain::CaseGroupFigures& g) {
  return {{"cases", g.cases},
          {"open", g.open},
          {"resolved", g.resolved},
          {"first_response", DurationToJson(g.first_response)},
          {"resolution", DurationToJson(g.resolution)},
          {"response_breaches", g.response_breaches},
          {"resolution_breaches", g.resolution_breaches},
          {"transfers", g.transfers},
          {"transferred_cases", g.transferred_cases},
          {"max_transfers", g.max_transfers},
          {"transfers_per_case", g.cases ? json::value(static_cast<double>(g.transfers) / g.cases) : json::value(nullptr)}};
}

json::object PromiseCountsToJson(const domain::PromiseCounts& c) {
  return {{"open", c.open}, {"kept", c.kept}, {"broken", c.broken}, {"cancelled", c.cancelled}};
}

json::object ReplyGroupToJson(const domain::ReplyGroupFigures& g) {
  return {{"received", g.received},           {"answered", g.answered},
          {"waiting", g.waiting},             {"answered_late", g.answered_late},
          {"waiting_overdue", g.waiting_overdue}, {"response", DurationToJson(g.response)}};
}

}  // namespace

json::object CaseToJson(const domain::Case& c, domain::Timestamp now) {
  return {{"id", core::FormatId(c.id)},
          {"customer_id", core::FormatId(c.customer_id)},
          {"title", c.title},
          {"description", JsonOptText(c.description)},
          {"severity", domain::CaseSeverityName(c.severity)},
          {"channel", c.channel},
          {"owner_id", core::FormatId(c.owner_id)},
          {"status", domain::CaseStatusName(c.status)},
          {"respond_by", core::FormatIso8601(c.respond_by)},
          {"resolve_by", core::FormatIso8601(c.resolve_by)},
          {"first_response_at", JsonOptTime(c.first_response_at)},
          {"response_breached", c.ResponseBreached(now)},
          {"resolution_breached", c.ResolutionBreached(now)},
          {"remedy_promised", JsonOptText(c.remedy_promised)},
          {"promise_id", JsonOptId(c.promise_id)},
          {"resolution", JsonOptText(c.resolution)},
          {"opened_at", core::FormatIso8601(c.opened_at)},
          {"in_progress_at", JsonOptTime(c.in_progress_at)},
          {"resolved_at", JsonOptTime(c.resolved_at)},
          {"closed_at", JsonOptTime(c.closed_at)},
          {"reopen_count", c.reopen_count},
          {"transfer_count", c.transfer_count},
          {"feedback_id", JsonOptId(c.feedback_id)},
          {"order_id", JsonOptId(c.order_id)},
          {"created_by", JsonOptId(c.created_by)},
          {"updated_at", core::FormatIso8601(c.updated_at)},
          {"version", c.version}};
}

json::object CaseEventToJson(const domain::CaseEvent& e) {
  return {{"id", core::FormatId(e.id)},
          {"at", core::FormatIso8601(e.at)},
          {"user_id", JsonOptId(e.user_id)},
          {"kind", domain::CaseEventKindName(e.kind)},
          {"from_status", JsonOptText(e.from_status)},
          {"to_status", JsonOptText(e.to_status)},
          {"from_owner", JsonOptId(e.from_owner)},
          {"to_owner", JsonOptId(e.to_owner)},
          {"note", JsonOptText(e.note)}};
}

json::object CasePolicyToJson(const domain::CasePolicy& p) {
  json::object out;
  for (const auto& d : p)
    out[domain::CaseSeverityName(d.severity)] = json::object{{"respond_minutes", d.respond_minutes}, {"resolve_minutes", d.resolve_minutes}};
  return out;
}

json::object CareDashboardToJson(const domain::CareDashboard& d) {
  json::object by_severity;
  for (const auto& [severity, buckets] : d.cases.open_by_severity_age) {
    json::object b;
    for (const auto& [bucket, n] : buckets) b[bucket] = n;
    by_severity[severity] = std::move(b);
  }
  json::array owners;
  for (const auto& [owner, g] : d.cases.by_owner) {
    json::object o = GroupToJson(g);
    o["owner_id"] = core::FormatId(owner);
    auto name = d.owner_names.find(owner);
    o["name"] = name == d.owner_names.end() ? json::value(nullptr) : json::value(name->second);
    auto p = d.promises.find(owner);
    o["promises"] = PromiseCountsToJson(p == d.promises.end() ? domain::PromiseCounts{} : p->second);
    owners.emplace_back(std::move(o));
  }
  json::object channels;
  for (const auto& [channel, g] : d.cases.by_channel) channels[channel] = GroupToJson(g);
  json::object distribution;
  for (const auto& [k, n] : d.cases.transfer_distribution) distribution[k] = n;
  domain::PromiseCounts all;
  for (const auto& [who, c] : d.promises) {
    all.open += c.open;
    all.kept += c.kept;
    all.broken += c.broken;
    all.cancelled += c.cancelled;
  }
  return {{"now", core::FormatIso8601(d.cases.now)},
          {"from", core::FormatIso8601(d.cases.from)},
          {"open", json::object{{"total", d.cases.open_total}, {"by_severity_and_age", std::move(by_severity)}}},
          {"overall", GroupToJson(d.cases.overall)},
          {"transfer_distribution", std::move(distribution)},
          {"by_owner", std::move(owners)},
          {"by_channel", std::move(channels)},
          {"promises", PromiseCountsToJson(all)}};
}

json::object CustomerCareToJson(const domain::CustomerCare& c, domain::Timestamp now) {
  json::array cases, open, broken;
  for (const auto& k : c.active_cases) cases.emplace_back(CaseToJson(k, now));
  for (const auto& p : c.open_promises) open.emplace_back(PromiseToJson(p));
  for (const auto& p : c.broken_promises) broken.emplace_back(PromiseToJson(p));
  return {{"customer_id", core::FormatId(c.customer_id)},
          {"active_cases", std::move(cases)},
          {"cases_total", c.cases_total},
          {"transfers_total", c.transfers_total},
          {"latest_nps", c.latest_nps ? json::value(FeedbackToJson(*c.latest_nps)) : json::value(nullptr)},
          {"promises", PromiseCountsToJson(c.promises)},
          {"open_promises", std::move(open)},
          {"broken_promises", std::move(broken)}};
}

json::object FeedbackToJson(const domain::Feedback& f) {
  json::object o{{"id", core::FormatId(f.id)},
                 {"customer_id", core::FormatId(f.customer_id)},
                 {"kind", domain::FeedbackKindName(f.kind)},
                 {"score", f.score ? json::value(*f.score) : json::value(nullptr)},
                 {"group", nullptr},
                 {"comment", JsonOptText(f.comment)},
                 {"order_id", JsonOptId(f.order_id)},
                 {"case_id", JsonOptId(f.case_id)},
                 {"product_id", JsonOptId(f.product_id)},
                 {"owner_id", core::FormatId(f.owner_id)},
                 {"at", core::FormatIso8601(f.at)},
                 {"user_id", JsonOptId(f.user_id)},
                 {"opened_case_id", JsonOptId(f.opened_case_id)},
                 {"created_at", core::FormatIso8601(f.created_at)}};
  if (f.kind == domain::FeedbackKind::kNps && f.score) o["group"] = domain::NpsGroupName(domain::NpsGroupOf(*f.score));
  return o;
}

json::object FeedbackFiguresToJson(const domain::FeedbackFigures& f) {
  auto group = [&](const domain::FeedbackFigureGroup& g) {
    json::object o{{"key", g.key}, {"label", g.label.empty() ? json::value(nullptr) : json::value(g.label)}, {"responses", g.responses}};
    if (f.kind == domain::FeedbackKind::kNps) {
      o["promoters"] = g.nps.promoters;
      o["passives"] = g.nps.passives;
      o["detractors"] = g.nps.detractors;
      o["nps"] = OptNumber(g.nps.Score());
    } else {
      o["average"] = OptNumber(g.csat_average);
      o["satisfied_share"] = OptNumber(g.csat_satisfied_share);
    }
    return o;
  };
  json::array groups;
  for (const auto& g : f.groups) groups.emplace_back(group(g));
  return {{"kind", domain::FeedbackKindName(f.kind)},
          {"by", f.by},
          {"from", JsonOptTime(f.from)},
          {"to", JsonOptTime(f.to)},
          {"total", group(f.total)},
          {"groups", std::move(groups)}};
}

json::object CareSettingsToJson(const domain::CareSettings& s) {
  return {{"detractor_opens_case", s.detractor_opens_case},
          {"detractor_max_score", s.detractor_max_score},
          {"csat_max_score", s.csat_max_score}};
}

json::object PromiseToJson(const domain::Promise& p) {
  return {{"id", core::FormatId(p.id)},
          {"customer_id", core::FormatId(p.customer_id)},
          {"case_id", JsonOptId(p.case_id)},
          {"kind", domain::PromiseKindName(p.kind)},
          {"description", p.description},
          {"promised_by", core::FormatId(p.promised_by)},
          {"due_at", core::FormatIso8601(p.due_at)},
          {"status", domain::PromiseStatusName(p.status)},
          {"kept_at", JsonOptTime(p.kept_at)},
          {"broken_at", JsonOptTime(p.broken_at)},
          {"cancelled_at", JsonOptTime(p.cancelled_at)},
          {"broken_automatically", p.broken_automatically},
          {"note", JsonOptText(p.note)},
          {"created_at", core::FormatIso8601(p.created_at)},
          {"updated_at", core::FormatIso8601(p.updated_at)},
          {"version", p.version}};
}

json::object WaitingReplyToJson(const domain::WaitingReply& w, domain::Timestamp now) {
  const auto& m = w.message;
  const domain::Timestamp due = m.reply_due_at.value_or(m.at);
  return {{"interaction_id", core::FormatId(m.id)},
          {"customer_id", core::FormatId(m.customer_id)},
          {"customer_name", w.customer_name},
          {"owner_id", core::FormatId(w.owner_id)},
          {"channel", domain::InteractionKindName(m.kind)},
          {"summary", m.summary},
          {"received_at", core::FormatIso8601(m.at)},
          {"reply_due_at", core::FormatIso8601(due)},
          {"seconds_left", (due.ms - now.ms) / 1000},
          {"overdue", due.ms < now.ms},
          {"case_id", JsonOptId(m.case_id)}};
}

json::object ReplyQueueToJson(const domain::ReplyQueue& q) {
  json::array data;
  for (const auto& item : q.items) data.emplace_back(WaitingReplyToJson(item.waiting, q.now));
  return {{"owner_id", JsonOptId(q.owner_id)}, {"now", core::FormatIso8601(q.now)}, {"total", q.total}, {"data", std::move(data)}};
}

json::object ReplyFiguresToJson(const domain::ReplyFigures& f) {
  json::object channels;
  for (const auto& [k, g] : f.by_channel) channels[k] = ReplyGroupToJson(g);
  json::array owners;
  for (const auto& [owner, g] : f.by_owner) {
    json::object o = ReplyGroupToJson(g);
    o["owner_id"] = core::FormatId(owner);
    auto name = f.owner_names.find(owner);
    o["name"] = name == f.owner_names.end() ? json::value(nullptr) : json::value(name->second);
    owners.emplace_back(std::move(o));
  }
  return {{"from", core::FormatIso8601(f.from)},
          {"now", core::FormatIso8601(f.now)},
          {"overall", ReplyGroupToJson(f.overall)},
          {"by_channel", std::move(channels)},
          {"by_owner", std::move(owners)}};
}

domain::CaseInput CaseInputFromJson(const json::object& body) {
  domain::CaseInput in;
  FieldReader r(body, "", in.decode_errors);
  in.customer_id = r.IdField("customer_id");
  in.owner_id = r.IdField("owner_id");
  in.order_id = r.IdField("order_id");
  in.title = r.String("title");
  in.description = r.String("description");
  in.severity = r.String("severity");
  in.channel = r.String("channel");
  in.remedy_promised = r.String("remedy_promised");
  in.resolution = r.String("resolution");
  in.status = r.String("status");
  in.reason = r.String("reason");
  r.RejectUnknown();
  return in;
}

domain::AssignCaseInput AssignInputFromJson(const json::object& body) {
  domain::AssignCaseInput in;
  FieldReader r(body, "", in.decode_errors);
  in.owner_id = ValueOf(r.IdField("owner_id"));
  in.reason = ValueOf(r.String("reason"));
  r.RejectUnknown();
  return in;
}

domain::CasePolicy CasePolicyFromJson(const json::object& body, const domain::CasePolicy& current,
                                      std::map<std::string, std::string>& errors) {
  domain::CasePolicy out = current;
  for (const auto& [key, value] : body) {
    auto severity = domain::ParseCaseSeverity(key);
    if (!severity) {
      errors.emplace(std::string(key), "unknown severity: low, normal, high or urgent");
      continue;
    }
    if (!value.is_object()) {
      errors.emplace(std::string(key), "must be an object with respond_minutes and resolve_minutes");
      continue;
    }
    FieldReader r(value.as_object(), std::string(key) + ".", errors);
    auto respond = r.Integer("respond_minutes");
    auto resolve = r.Integer("resolve_minutes");
    r.RejectUnknown();
    for (auto& d : out) {
      if (d.severity != *severity) continue;
      if (respond) {
        if (*respond) d.respond_minutes = **respond;
        else errors.emplace(std::string(key) + ".respond_minutes", "must not be null");
      }
      if (resolve) {
        if (*resolve) d.resolve_minutes = **resolve;
        else errors.emplace(std::string(key) + ".resolve_minutes", "must not be null");
      }
    }
  }
  return out;
}

domain::FeedbackInput FeedbackInputFromJson(const json::object& body) {
  domain::FeedbackInput in;
  FieldReader r(body, "", in.decode_errors);
  in.customer_id = ValueOf(r.IdField("customer_id"));
  in.order_id = ValueOf(r.IdField("order_id"));
  in.case_id = ValueOf(r.IdField("case_id"));
  in.product_id = ValueOf(r.IdField("product_id"));
  in.kind = ValueOf(r.String("kind"));
  in.comment = ValueOf(r.String("comment"));
  in.score = ValueOf(r.Integer("score"));
  in.at = ValueOf(r.Time("at"));
  in.open_case = ValueOf(r.Boolean("open_case"));
  r.RejectUnknown();
  return in;
}

domain::CareSettingsInput CareSettingsInputFromJson(const json::object& body) {
  domain::CareSettingsInput in;
  FieldReader r(body, "", in.decode_errors);
  in.detractor_opens_case = ValueOf(r.Boolean("detractor_opens_case"));
  in.detractor_max_score = ValueOf(r.Integer("detractor_max_score"));
  in.csat_max_score = ValueOf(r.Integer("csat_max_score"));
  r.RejectUnknown();
  return in;
}

domain::PromiseInput PromiseInputFromJson(const json::object& body) {
  domain::PromiseInput in;
  FieldReader r(body, "", in.decode_errors);
  in.customer_id = r.IdField("customer_id");
  in.case_id = r.IdField("case_id");
  in.promised_by = r.IdField("promised_by");
  in.kind = r.String("kind");
  in.description = r.String("description");
  in.status = r.String("status");
  in.note = r.String("note");
  in.due_at = r.Time("due_at");
  r.RejectUnknown();
  return in;
}

}  // namespace rapport::http
