#include "domain/customer/customer_audit.hpp"

#include <map>
#include <optional>

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"

namespace rapport::domain {
namespace {

using Values = std::map<std::string, std::string>;  // field -> JSON value text; absent = no value

void PutText(Values& v, const char* field, const std::optional<std::string>& text) {
  if (text) v[field] = AuditText(*text);
}

Values AuditValues(const Customer& c) {
  Values v;
  v["kind"] = AuditText(CustomerKindName(c.kind));
  v["name"] = AuditText(c.name);
  if (c.company_id) v["company_id"] = AuditText(core::FormatId(*c.company_id));
  PutText(v, "email", c.email);
  PutText(v, "phone", c.phone);
  PutText(v, "time_zone", c.time_zone);
  PutText(v, "source", c.source);
  PutText(v, "address.street", c.address.street);
  PutText(v, "address.city", c.address.city);
  PutText(v, "address.region", c.address.region);
  PutText(v, "address.postal_code", c.address.postal_code);
  PutText(v, "address.country", c.address.country);
  v["owner_id"] = AuditText(core::FormatId(c.owner_id));  // ids are strings in the API
  v["acquisition_cost_cents"] = AuditInt(c.acquisition_cost_cents);
  if (!c.tags.empty()) {
    std::string tags = "[";
    for (std::size_t i = 0; i < c.tags.size(); ++i) tags += (i ? "," : "") + AuditText(c.tags[i]);
    v["tags"] = tags + "]";
  }
  for (const auto& [name, json] : c.custom) v["custom." + name] = json;
  PutText(v, "notes.expectations", c.notes.expectations);
  PutText(v, "notes.preferences", c.notes.preferences);
  PutText(v, "notes.idiosyncrasies", c.notes.idiosyncrasies);
  v["stage"] = AuditText(StageName(c.stage));
  if (c.archived_at) v["archived_at"] = AuditTime(*c.archived_at);
  return v;
}

constexpr std::string_view kAnonymousFields[] = {
    "kind",  "company_id",  "source",     "owner_id", "acquisition_cost_cents",
    "stage", "archived_at", "competitor"};  // the competitor a deal was lost to: a company

}  // namespace

std::vector<FieldChange> CustomerChanges(const Customer* before, const Customer& after) {
  const Values old_values = before ? AuditValues(*before) : Values{};
  const Values new_values = AuditValues(after);
  std::map<std::string, FieldChange> changes;  // ordered by field name
  auto value_of = [](const Values& v, const std::string& field) -> std::optional<std::string> {
    auto it = v.find(field);
    if (it == v.end()) return std::nullopt;
    return it->second;
  };
  for (const auto* side : {&old_values, &new_values}) {
    for (const auto& [field, unused] : *side) {
      if (changes.contains(field)) continue;
      auto b = value_of(old_values, field), a = value_of(new_values, field);
      if (b != a) changes.emplace(field, FieldChange{field, std::move(b), std::move(a)});
    }
  }
  std::vector<FieldChange> out;
  out.reserve(changes.size());
  for (auto& [field, change] : changes) out.push_back(std::move(change));
  return out;
}

std::span<const std::string_view> AnonymousCustomerFields() { return kAnonymousFields; }

}  // namespace rapport::domain
