#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kEventColumns =
    "id, name, starts_at, place, online, capacity, created_by, created_at, updated_at, version";

constexpr const char* kInvitationColumns =
    "i.event_id, i.customer_id, i.invited_at, i.invited_by, i.response, i.responded_at, i.attended, i.updated_at, "
    "c.name, e.name, e.starts_at";
constexpr const char* kInvitationFrom =
    " FROM event_invitations i JOIN customers c ON c.id = i.customer_id JOIN appreciation_events e ON e.id = i.event_id";

domain::AppreciationEvent ReadEvent(const SqlRows& r, int i) {
  domain::AppreciationEvent e;
  e.id = r.Int(i, 0);
  e.name = r.Text(i, 1);
  e.starts_at = r.Time(i, 2);
  e.place = r.OptText(i, 3);
  e.online = r.Bool(i, 4);
  e.capacity = r.OptInt(i, 5);
  e.created_by = r.OptInt(i, 6);
  e.created_at = r.Time(i, 7);
  e.updated_at = r.Time(i, 8);
  e.version = r.Int(i, 9);
  return e;
}

std::vector<domain::Invitation> ReadInvitations(const SqlRows& r) {
  std::vector<domain::Invitation> out;
  for (int i = 0; i < r.Rows(); ++i) {
    domain::Invitation v;
    v.event_id = r.Int(i, 0);
    v.customer_id = r.Int(i, 1);
    v.invited_at = r.Time(i, 2);
    v.invited_by = r.OptInt(i, 3);
    v.response = domain::ParseInvitationResponse(r.Text(i, 4)).value_or(domain::InvitationResponse::kPending);
    v.responded_at = r.OptTime(i, 5);
    if (!r.IsNull(i, 6)) v.attended = r.Bool(i, 6);
    v.updated_at = r.Time(i, 7);
    v.customer_name = r.Text(i, 8);
    v.event_name = r.Text(i, 9);
    v.event_starts_at = r.Time(i, 10);
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<std::int64_t> AttendedValue(const std::optional<bool>& a) {
  if (!a) return std::nullopt;
  return *a ? 1 : 0;
}

}  // namespace

core::Result<core::Id> SqlAppreciationRepo::InsertEvent(const domain::AppreciationEvent& e) {
  auto r = s_.Query(
      "INSERT INTO appreciation_events (name, starts_at, place, online, capacity, created_by, created_at, updated_at, "
      "version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
      {e.name, e.starts_at, e.place, e.online, e.capacity, e.created_by, e.created_at, e.updated_at, e.version});
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::optional<domain::AppreciationEvent>> SqlAppreciationRepo::FindEvent(core::Id id) {
  auto r = s_.Query(std::string("SELECT ") + kEventColumns + " FROM appreciation_events WHERE id = $1" +
                        std::string(s_.ForUpdate()),
                    {id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::AppreciationEvent>{};
  return std::optional<domain::AppreciationEvent>{ReadEvent(*r, 0)};
}

core::Status SqlAppreciationRepo::UpdateEvent(const domain::AppreciationEvent& e) {
  auto r = s_.Exec(
      "UPDATE appreciation_events SET name = $2, starts_at = $3, place = $4, online = $5, capacity = $6, "
      "updated_at = $7, version = $8 WHERE id = $1",
      {e.id, e.name, e.starts_at, e.place, e.online, e.capacity, e.updated_at, e.version});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::AppreciationEvent>> SqlAppreciationRepo::ListEvents(const domain::EventQuery& q) {
  SqlArgs args;
  std::string sql = std::string("SELECT ") + kEventColumns + " FROM appreciation_events";
  if (q.before_id) {
    sql += " WHERE id < " + NextParam(args);
    args.emplace_back(q.before_id);
  }
  sql += " ORDER BY id DESC LIMIT " + std::to_string(q.limit + 1);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  std::vector<domain::AppreciationEvent> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadEvent(*r, i));
  return out;
}

core::Result<domain::InvitationCounts> SqlAppreciationRepo::Counts(core::Id event_id) {
  auto r = s_.Query(
      "SELECT count(*), "
      "COALESCE(SUM(CASE WHEN response = 'accepted' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN response = 'declined' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN response = 'pending' THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN attended = 1 THEN 1 ELSE 0 END), 0) "
      "FROM event_invitations WHERE event_id = $1",
      {event_id});
  if (!r) return Fail(r.error());
  domain::InvitationCounts c;
  c.invited = static_cast<int>(r->Int(0, 0));
  c.accepted = static_cast<int>(r->Int(0, 1));
  c.declined = static_cast<int>(r->Int(0, 2));
  c.pending = static_cast<int>(r->Int(0, 3));
  c.attended = static_cast<int>(r->Int(0, 4));
  return c;
}

core::Result<bool> SqlAppreciationRepo::Invite(const domain::Invitation& v) {
  auto n = s_.Exec(
      "INSERT INTO event_invitations (event_id, customer_id, invited_at, invited_by, response, responded_at, attended, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (event_id, customer_id) DO NOTHING",
      {v.event_id, v.customer_id, v.invited_at, v.invited_by, domain::InvitationResponseName(v.response),
       v.responded_at, AttendedValue(v.attended), v.updated_at});
  if (!n) return Fail(n.error());
  return *n == 1;
}

core::Result<std::optional<domain::Invitation>> SqlAppreciationRepo::FindInvitation(core::Id event_id,
                                                                                   core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kInvitationColumns + kInvitationFrom +
                        " WHERE i.event_id = $1 AND i.customer_id = $2",
                    {event_id, customer_id});
  if (!r) return Fail(r.error());
  auto all = ReadInvitations(*r);
  if (all.empty()) return std::optional<domain::Invitation>{};
  return std::optional<domain::Invitation>{std::move(all.front())};
}

core::Status SqlAppreciationRepo::UpdateInvitation(const domain::Invitation& v) {
  auto r = s_.Exec(
      "UPDATE event_invitations SET response = $3, responded_at = $4, attended = $5, updated_at = $6 "
      "WHERE event_id = $1 AND customer_id = $2",
      {v.event_id, v.customer_id, domain::InvitationResponseName(v.response), v.responded_at,
       AttendedValue(v.attended), v.updated_at});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::Invitation>> SqlAppreciationRepo::Invitations(core::Id event_id,
                                                                              const domain::CustomerScope& scope,
                                                                              core::Id after_customer, int limit) {
  SqlArgs args{event_id, after_customer};
  const std::string where = ScopeWhere(scope, args);
  auto r = s_.Query(std::string("SELECT ") + kInvitationColumns + kInvitationFrom +
                        " WHERE i.event_id = $1 AND i.customer_id > $2 AND " + where +
                        " ORDER BY i.customer_id LIMIT " + std::to_string(limit),
                    args);
  if (!r) return Fail(r.error());
  return ReadInvitations(*r);
}

core::Result<std::vector<domain::Invitation>> SqlAppreciationRepo::OfCustomer(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kInvitationColumns + kInvitationFrom +
                        " WHERE i.customer_id = $1 ORDER BY i.invited_at DESC, i.event_id DESC",
                    {customer_id});
  if (!r) return Fail(r.error());
  return ReadInvitations(*r);
}

core::Result<std::vector<domain::TargetRow>> SqlAppreciationRepo::Targets(const domain::TargetQuery& q) {
  SqlArgs args{q.not_invited_since};
  std::string sql =
      "SELECT c.id, c.name, c.stage, c.owner_id, SUM(o.amount_cents - o.refunded_cents) AS net_value, count(*) AS n, "
      "(SELECT MAX(x.invited_at) FROM event_invitations x WHERE x.customer_id = c.id) AS last_invited "
      "FROM customers c JOIN orders o ON o.customer_id = c.id AND o.status <> 'cancelled' "
      "WHERE c.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM event_invitations i WHERE i.customer_id = c.id "
      "AND i.invited_at >= $1) AND " + ScopeWhere(q.scope, args);
  if (q.stage) {
    sql += " AND c.stage = " + NextParam(args);
    args.emplace_back(domain::StageName(*q.stage));
  }
  sql += " GROUP BY c.id, c.name, c.stage, c.owner_id HAVING SUM(o.amount_cents - o.refunded_cents) > 0 "
         "ORDER BY net_value DESC, c.id LIMIT " + std::to_string(q.limit);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  std::vector<domain::TargetRow> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::TargetRow t;
    t.customer_id = r->Int(i, 0);
    t.name = r->Text(i, 1);
    t.stage = domain::ParseStage(r->Text(i, 2)).value_or(domain::Stage::kContact);
    t.owner_id = r->Int(i, 3);
    t.value_cents = r->Int(i, 4);
    t.orders = static_cast<int>(r->Int(i, 5));
    t.last_invited_at = r->OptTime(i, 6);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace rapport::store
