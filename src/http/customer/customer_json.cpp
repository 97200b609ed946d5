#include "http/customer/customer_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;

json::value Opt(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value OptId(const std::optional<core::Id>& v) {
  return v ? json::value(core::FormatId(*v)) : json::value(nullptr);
}
json::value OptTime(const std::optional<core::Timestamp>& v) {
  return v ? json::value(core::FormatIso8601(*v)) : json::value(nullptr);
}

std::string StageList() {
  std::string out;
  for (auto s : domain::AllStages()) {
    if (!out.empty()) out += ", ";
    out += domain::StageName(s);
  }
  return out;
}

}  // namespace

json::object CustomerToJson(const domain::Customer& c, std::string_view currency) {
  json::object o;
  o.reserve(26);
  o["id"] = core::FormatId(c.id);
  o["kind"] = domain::CustomerKindName(c.kind);
  o["name"] = c.name;
  o["company_id"] = OptId(c.company_id);
  o["email"] = Opt(c.email);
  o["phone"] = Opt(c.phone);
  o["address"] = json::object{{"street", Opt(c.address.street)},
                              {"city", Opt(c.address.city)},
                              {"region", Opt(c.address.region)},
                              {"postal_code", Opt(c.address.postal_code)},
                              {"country", Opt(c.address.country)}};
  o["time_zone"] = Opt(c.time_zone);
  o["owner_id"] = core::FormatId(c.owner_id);
  o["source"] = Opt(c.source);
  o["acquisition_cost_cents"] = c.acquisition_cost_cents;
  o["currency"] = currency;
  json::array tags;
  for (const auto& t : c.tags) tags.emplace_back(t);
  o["tags"] = std::move(tags);
  json::object custom;
  for (const auto& [k, v] : c.custom) {
    boost::system::error_code ec;
    auto parsed = json::parse(v, ec);
    custom[k] = ec ? json::value(v) : std::move(parsed);
  }
  o["custom"] = std::move(custom);
  o["notes"] = json::object{{"expectations", Opt(c.notes.expectations)},
                            {"preferences", Opt(c.notes.preferences)},
                            {"idiosyncrasies", Opt(c.notes.idiosyncrasies)}};
  o["stage"] = domain::StageName(c.stage);
  o["stage_changed_at"] = core::FormatIso8601(c.stage_changed_at);
  o["created_at"] = core::FormatIso8601(c.created_at);
  o["updated_at"] = core::FormatIso8601(c.updated_at);
  o["archived_at"] = OptTime(c.archived_at);
  o["version"] = c.version;
  return o;
}

json::object TransitionToJson(const domain::StageTransition& t) {
  return json::object{{"from", domain::StageName(t.from)},
                      {"to", domain::StageName(t.to)},
                      {"at", core::FormatIso8601(t.at)},
                      {"by", core::FormatId(t.by)},
                      {"reason", Opt(t.reason)},
                      {"competitor", Opt(t.competitor)}};
}

core::Result<domain::CustomerInput> CustomerInputFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::CustomerInput in;

  if (auto kind = r.String("kind")) {
    if (!*kind) {
      r.Fail("kind", "must be 'person' or 'company'");
    } else if (auto k = domain::ParseCustomerKind(**kind)) {
      in.kind = std::optional<domain::CustomerKind>{*k};
    } else {
      r.Fail("kind", "must be 'person' or 'company'");
    }
  }
  in.name = r.String("name");
  in.company_id = r.IdField("company_id");
  in.email = r.String("email");
  in.phone = r.String("phone");
  in.time_zone = r.String("time_zone");
  in.source = r.String("source");
  in.owner_id = r.IdField("owner_id");
  in.acquisition_cost_cents = r.Integer("acquisition_cost_cents");
  in.tags = r.StringList("tags");

  bool present = false, is_null = false;
  if (const auto* a = r.Object("address", present, is_null)) {
    FieldReader ar(*a, "address.", errors);
    domain::CustomerInput::AddressPatch p;
    p.street = ar.String("street");
    p.city = ar.String("city");
    p.region = ar.String("region");
    p.postal_code = ar.String("postal_code");
    p.country = ar.String("country");
    ar.RejectUnknown();
    in.address = std::optional<domain::CustomerInput::AddressPatch>{p};
  } else if (present && is_null) {
    in.address = std::optional<domain::CustomerInput::AddressPatch>{};
  }

  if (const auto* n = r.Object("notes", present, is_null)) {
    FieldReader nr(*n, "notes.", errors);
    domain::CustomerInput::NotesPatch p;
    p.expectations = nr.String("expectations");
    p.preferences = nr.String("preferences");
    p.idiosyncrasies = nr.String("idiosyncrasies");
    nr.RejectUnknown();
    in.notes = std::optional<domain::CustomerInput::NotesPatch>{p};
  } else if (present && is_null) {
    in.notes = std::optional<domain::CustomerInput::NotesPatch>{};
  }

  if (const auto* c = r.Object("custom", present, is_null)) {
    std::map<std::string, std::optional<std::string>> custom;
    for (const auto& kv : *c) {
      custom[std::string(kv.key())] =
          kv.value().is_null() ? std::nullopt : std::optional<std::string>(json::serialize(kv.value()));
    }
    in.custom = std::optional<std::map<std::string, std::optional<std::string>>>{std::move(custom)};
  } else if (present && is_null) {
    in.custom = std::optional<std::map<std::string, std::optional<std::string>>>{};
  }

  r.Reject("stage", "cannot be set here: use POST /api/v1/customers/{id}/stage");
  for (const char* ro : {"id", "stage_changed_at", "created_at", "updated_at", "archived_at",
                         "version", "currency"})
    r.Reject(ro, "read-only");
  r.RejectUnknown();
  in.decode_errors = std::move(errors);  // reported by the service with the validation errors
  return in;
}

core::Result<domain::StageChangeRequest> StageChangeFromJson(const json::object& body) {
  std::map<std::string, std::string> errors;
  FieldReader r(body, "", errors);
  domain::StageChangeRequest req;
  auto stage = r.String("stage");
  if (!body.contains("stage") || (stage && !*stage)) {
    r.Fail("stage", "is required: one of " + StageList());
  } else if (!stage) {
    // wrong type: already reported
  } else if (auto s = domain::ParseStage(**stage)) {
    req.target = *s;
  } else {
    r.Fail("stage", "unknown stage '" + **stage + "': one of " + StageList());
  }
  if (auto reason = r.String("reason")) req.reason = *reason;
  if (auto competitor = r.String("competitor")) req.competitor = *competitor;
  r.RejectUnknown();
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return req;
}

}  // namespace rapport::http
