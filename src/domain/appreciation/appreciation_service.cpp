#include "domain/appreciation/appreciation_service.hpp"

#include <set>

#include "core/text.hpp"
#include "domain/appreciation/appreciation_repo.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/product/product_service.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kMaxCapacity = 1'000'000;

core::Error EventNotFound(Id id) { return core::Error::NotFound("event " + core::FormatId(id) + " not found"); }

core::Status RequireOrganiser(const Actor& actor) {
  if (actor.SeesAllCustomers()) return {};
  return core::Fail(core::Error::Forbidden("only managers and admins may create or change events"));
}

// Trimmed text of a patch field into `out` (nullopt when null or blank); errors into `errors`.
void TextField(const Patch<std::string>& patch, const char* field, std::size_t max_len,
               std::optional<std::string>& out, std::map<std::string, std::string>& errors) {
  if (!patch) return;
  if (!*patch) {
    out.reset();
    return;
  }
  if (!core::IsValidUtf8(**patch)) {
    errors.emplace(field, "must be valid UTF-8");
    return;
  }
  std::string text = core::Trim(**patch);
  if (core::CodepointCount(text) > max_len) {
    errors.emplace(field, "too long: at most " + std::to_string(max_len) + " characters");
    return;
  }
  if (text.empty()) out.reset();
  else out = std::move(text);
}

// Applies `in` to `e` (a create when `creating`: name and starts_at are required).
core::Status ApplyEventInput(const AppreciationEventInput& in, bool creating, AppreciationEvent& e) {
  std::map<std::string, std::string> errors = in.decode_errors;
  std::optional<std::string> name = e.name.empty() ? std::nullopt : std::optional<std::string>(e.name);
  if (!errors.contains("name")) TextField(in.name, "name", 200, name, errors);
  if (!name && !errors.contains("name")) errors.emplace("name", "required");
  else if (name) e.name = *name;
  if (!errors.contains("place")) TextField(in.place, "place", 300, e.place, errors);
  if (in.starts_at) {
    if (*in.starts_at) e.starts_at = **in.starts_at;
    else errors.emplace("starts_at", "required");
  } else if (creating && !errors.contains("starts_at")) {
    errors.emplace("starts_at", "required: when the event starts (ISO 8601)");
  }
  if (in.online) {
    if (*in.online) e.online = **in.online;
    else errors.emplace("online", "must be true or false");
  }
  if (in.capacity) {
    if (!*in.capacity) e.capacity.reset();
    else if (**in.capacity < 1 || **in.capacity > kMaxCapacity)
      errors.emplace("capacity", "must be from 1 to " + std::to_string(kMaxCapacity) + ", or null for no limit");
    else e.capacity = **in.capacity;
  }
  if (!e.online && !e.place && !errors.contains("place") && !errors.contains("online"))
    errors.emplace("place", "required for an event that is not online");
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return {};
}

std::optional<std::string> OptText(const std::optional<std::string>& v) {
  if (!v) return std::nullopt;
  return AuditText(*v);
}
std::optional<std::string> OptInt(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return AuditInt(*v);
}

std::vector<FieldChange> EventChanges(const AppreciationEvent* before, const AppreciationEvent& after) {
  std::vector<FieldChange> out;
  auto add = [&](const char* field, std::optional<std::string> b, std::optional<std::string> a) {
    if (b != a) out.push_back({field, std::move(b), std::move(a)});
  };
  add("name", before ? std::optional<std::string>(AuditText(before->name)) : std::nullopt, AuditText(after.name));
  add("starts_at", before ? std::optional<std::string>(AuditTime(before->starts_at)) : std::nullopt,
      AuditTime(after.starts_at));
  add("place", before ? OptText(before->place) : std::nullopt, OptText(after.place));
  add("online", before ? std::optional<std::string>(AuditBool(before->online)) : std::nullopt, AuditBool(after.online));
  add("capacity", before ? OptInt(before->capacity) : std::nullopt, OptInt(after.capacity));
  return out;
}

core::Result<AppreciationEvent> FindEvent(Txn& txn, Id id) {
  auto found = txn.Appreciation().FindEvent(id);
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(EventNotFound(id));
  return std::move(**found);
}

core::Result<EventDetail> WithCounts(Txn& txn, AppreciationEvent e) {
  auto counts = txn.Appreciation().Counts(e.id);
  if (!counts) return core::Fail(counts.error());
  return EventDetail{std::move(e), *counts};
}

std::optional<std::string> AuditAttended(const std::optional<bool>& a) {
  if (!a) return std::nullopt;
  return AuditBool(*a);
}

}  // namespace

core::Result<EventDetail> AppreciationService::Create(const Actor& actor, const AppreciationEventInput& input) {
  if (auto st = RequireOrganiser(actor); !st) return core::Fail(st.error());
  AppreciationEvent e;
  if (auto st = ApplyEventInput(input, /*creating=*/true, e); !st) return core::Fail(st.error());
  const Timestamp now = clock_.Now();
  return WriteValue<EventDetail>(store_, [&](Txn& txn) -> core::Result<EventDetail> {
    if (actor.user_id) e.created_by = actor.user_id;
    e.created_at = e.updated_at = now;
    e.version = 1;
    auto id = txn.Appreciation().InsertEvent(e);
    if (!id) return core::Fail(id.error());
    e.id = *id;
    AuditEntry a = NewAuditEntry(actor, now, "event.create", "event", e.id);
    a.changes = EventChanges(nullptr, e);
    if (auto st = txn.Audit().Append(a); !st) return core::Fail(st.error());
    return EventDetail{e, {}};
  });
}

core::Result<EventDetail> AppreciationService::Get(const Actor&, Id id) {
  return ReadValue<EventDetail>(store_, [&](Txn& txn) -> core::Result<EventDetail> {
    auto e = FindEvent(txn, id);
    if (!e) return core::Fail(e.error());
    return WithCounts(txn, std::move(*e));
  });
}

core::Result<EventPage> AppreciationService::List(const Actor&, EventQuery query, std::optional<std::string_view> cursor) {
  auto before = DecodeIdCursor(cursor);
  if (!before) return core::Fail(before.error());
  query.before_id = *before;
  return ReadValue<EventPage>(store_, [&](Txn& txn) -> core::Result<EventPage> {
    auto rows = txn.Appreciation().ListEvents(query);
    if (!rows) return core::Fail(rows.error());
    EventPage page;
    if (static_cast<int>(rows->size()) > query.limit) {
      rows->resize(static_cast<std::size_t>(query.limit));
      page.next_cursor = core::FormatId(rows->back().id);
    }
    for (auto& e : *rows) {
      auto d = WithCounts(txn, std::move(e));
      if (!d) return core::Fail(d.error());
      page.items.push_back(std::move(*d));
    }
    return page;
  });
}

core::Result<EventDetail> AppreciationService::Update(const Actor& actor, Id id, const AppreciationEventInput& input,
                                                      std::optional<std::int64_t> expected_version) {
  if (auto st = RequireOrganiser(actor); !st) return core::Fail(st.error());
  const Timestamp now = clock_.Now();
  return WriteValue<EventDetail>(store_, [&](Txn& txn) -> core::Result<EventDetail> {
    auto found = FindEvent(txn, id);
    if (!found) return core::Fail(found.error());
    if (expected_version && *expected_version != found->version)
      return core::Fail(StaleVersion("event", id, found->version));
    const AppreciationEvent before = *found;
    AppreciationEvent e = *found;
    if (auto st = ApplyEventInput(input, /*creating=*/false, e); !st) return core::Fail(st.error());
    auto counts = txn.Appreciation().Counts(id);
    if (!counts) return core::Fail(counts.error());
    if (e.capacity && *e.capacity < counts->accepted)
      return core::Fail(core::Error::Conflict("event " + core::FormatId(id) + " has " +
                                              std::to_string(counts->accepted) +
                                              " accepted invitations: the capacity cannot go below that"));
    auto changes = EventChanges(&before, e);
    if (changes.empty()) return EventDetail{std::move(e), *counts};  // nothing to write
    e.updated_at = now;
    ++e.version;
    if (auto st = txn.Appreciation().UpdateEvent(e); !st) return core::Fail(st.error());
    AuditEntry a = NewAuditEntry(actor, now, "event.update", "event", id);
    a.changes = std::move(changes);
    if (auto st = txn.Audit().Append(a); !st) return core::Fail(st.error());
    return EventDetail{std::move(e), *counts};
  });
}

core::Result<InviteResult> AppreciationService::Invite(const Actor& actor, Id event_id,
                                                       const std::vector<Id>& customer_ids) {
  if (customer_ids.empty()) return core::Fail(core::Error::Invalid("customer_ids", "required: at least one customer id"));
  if (customer_ids.size() > kMaxInvitesPerRequest)
    return core::Fail(core::Error::Invalid(
        "customer_ids", "at most " + std::to_string(kMaxInvitesPerRequest) + " customers per request"));
  const Timestamp now = clock_.Now();
  return WriteValue<InviteResult>(store_, [&](Txn& txn) -> core::Result<InviteResult> {
    auto event = FindEvent(txn, event_id);
    if (!event) return core::Fail(event.error());
    const CustomerScope scope = CustomerScope::For(actor);
    std::map<std::string, std::string> errors;
    std::vector<Id> unique;
    std::set<Id> seen;
    for (std::size_t i = 0; i < customer_ids.size(); ++i) {
      const Id id = customer_ids[i];
      if (!seen.insert(id).second) continue;
      auto c = txn.Customers().Find(id, scope);
      if (!c) return core::Fail(c.error());
      const std::string field = "customer_ids[" + std::to_string(i) + "]";
      if (!*c) errors.emplace(field, "no customer with id " + core::FormatId(id));
      else if ((*c)->archived_at) errors.emplace(field, "customer " + core::FormatId(id) + " is archived");
      else unique.push_back(id);
    }
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    InviteResult out;
    for (Id id : unique) {
      Invitation v;
      v.event_id = event_id;
      v.customer_id = id;
      v.invited_at = v.updated_at = now;
      if (actor.user_id) v.invited_by = actor.user_id;
      auto fresh = txn.Appreciation().Invite(v);
      if (!fresh) return core::Fail(fresh.error());
      if (!*fresh) {
        out.already_invited.push_back(id);
        continue;
      }
      out.invited.push_back(id);
      AuditEntry a = NewAuditEntry(actor, now, "event.invite", "event", event_id);
      a.customer_id = id;
      a.changes = {{"response", std::nullopt, AuditText("pending")}};
      if (auto st = txn.Audit().Append(a); !st) return core::Fail(st.error());
    }
    auto detail = WithCounts(txn, std::move(*event));
    if (!detail) return core::Fail(detail.error());
    out.event = std::move(*detail);
    return out;
  });
}

core::Result<Invitation> AppreciationService::Respond(const Actor& actor, Id event_id, Id customer_id,
                                                      const InvitationUpdate& update) {
  std::map<std::string, std::string> errors = update.decode_errors;
  if (errors.empty() && !update.response && !update.attended)
    errors.emplace("response", "give response (accepted, declined or pending), attended (true or false), or both");
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  const Timestamp now = clock_.Now();
  return WriteValue<Invitation>(store_, [&](Txn& txn) -> core::Result<Invitation> {
    auto event = FindEvent(txn, event_id);  // locked: accepts against the capacity queue here
    if (!event) return core::Fail(event.error());
    auto customer = txn.Customers().Find(customer_id, CustomerScope::For(actor));
    if (!customer) return core::Fail(customer.error());
    if (!*customer) return core::Fail(core::Error::NotFound("customer " + core::FormatId(customer_id) + " not found"));
    auto found = txn.Appreciation().FindInvitation(event_id, customer_id);
    if (!found) return core::Fail(found.error());
    if (!*found)
      return core::Fail(core::Error::NotFound("customer " + core::FormatId(customer_id) + " is not invited to event " +
                                              core::FormatId(event_id)));
    Invitation v = std::move(**found);
    const Invitation before = v;
    if (update.response && *update.response != v.response) {
      if (*update.response == InvitationResponse::kAccepted && event->capacity) {
        auto counts = txn.Appreciation().Counts(event_id);
        if (!counts) return core::Fail(counts.error());
        if (counts->accepted >= *event->capacity)
          return core::Fail(core::Error::Conflict(
              "event " + core::FormatId(event_id) + " is full: its capacity is " + std::to_string(*event->capacity) +
              " and " + std::to_string(counts->accepted) + " invitations are accepted"));
      }
      v.response = *update.response;
      v.responded_at = now;
    }
    if (update.attended) v.attended = *update.attended;
    std::vector<FieldChange> changes;
    if (v.response != before.response)
      changes.push_back({"response", AuditText(InvitationResponseName(before.response)),
                         AuditText(InvitationResponseName(v.response))});
    if (v.attended != before.attended)
      changes.push_back({"attended", AuditAttended(before.attended), AuditAttended(v.attended)});
    if (changes.empty()) return v;  // nothing to write
    v.updated_at = now;
    if (auto st = txn.Appreciation().UpdateInvitation(v); !st) return core::Fail(st.error());
    AuditEntry a = NewAuditEntry(actor, now, "event.invitation", "event", event_id);
    a.customer_id = customer_id;
    a.changes = std::move(changes);
    if (auto st = txn.Audit().Append(a); !st) return core::Fail(st.error());
    return v;
  });
}

core::Result<InvitationPage> AppreciationService::Invitations(const Actor& actor, Id event_id, int limit,
                                                              std::optional<std::string_view> cursor) {
  auto after = DecodeIdCursor(cursor);
  if (!after) return core::Fail(after.error());
  return ReadValue<InvitationPage>(store_, [&](Txn& txn) -> core::Result<InvitationPage> {
    if (auto e = FindEvent(txn, event_id); !e) return core::Fail(e.error());
    auto rows = txn.Appreciation().Invitations(event_id, CustomerScope::For(actor), *after, limit + 1);
    if (!rows) return core::Fail(rows.error());
    InvitationPage page;
    page.items = std::move(*rows);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.resize(static_cast<std::size_t>(limit));
      page.next_cursor = core::FormatId(page.items.back().customer_id);
    }
    return page;
  });
}

core::Result<std::vector<Invitation>> AppreciationService::OfCustomer(const Actor& actor, Id customer_id) {
  return ReadValue<std::vector<Invitation>>(store_, [&](Txn& txn) -> core::Result<std::vector<Invitation>> {
    auto c = txn.Customers().Find(customer_id, CustomerScope::For(actor));
    if (!c) return core::Fail(c.error());
    if (!*c) return core::Fail(core::Error::NotFound("customer " + core::FormatId(customer_id) + " not found"));
    return txn.Appreciation().OfCustomer(customer_id);
  });
}

core::Result<std::vector<TargetRow>> AppreciationService::Targets(const Actor& actor, TargetQuery query) {
  query.scope = CustomerScope::For(actor);
  return ReadValue<std::vector<TargetRow>>(store_, [&](Txn& txn) { return txn.Appreciation().Targets(query); });
}

}  // namespace rapport::domain
