#include "domain/user/user_service.hpp"

#include <array>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/auth/login_throttle.hpp"
#include "domain/auth/password_reset_repo.hpp"
#include "domain/auth/session_repo.hpp"
#include "domain/auth/token_repo.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/care/case_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/customer/customer_rules.hpp"
#include "domain/task/task_repo.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

core::Status RequireAdmin(const Actor& actor) {
  if (actor.IsAdmin()) return {};
  return core::Fail(core::Error::Forbidden("only admins manage users"));
}

core::Error UserNotFound(Id id) { return core::Error::NotFound("user " + core::FormatId(id) + " not found"); }

core::Result<User> FindUser(Txn& txn, Id id) {
  auto u = txn.Users().Find(id);
  if (!u) return core::Fail(u.error());
  if (!*u) return core::Fail(UserNotFound(id));
  return std::move(**u);
}

void CheckEmail(const std::string& email, std::map<std::string, std::string>& errors) {
  if (!core::IsValidUtf8(email) || !IsValidEmail(email)) errors["email"] = "not a valid email address";
}

void CheckName(const std::string& name, std::map<std::string, std::string>& errors) {
  if (name.empty() || !core::IsValidUtf8(name) || core::CodepointCount(name) > 200 ||
      core::HasControlCharacters(name))
    errors["name"] = "required, 1 to 200 printable characters";
}

void CheckTeam(const std::optional<std::string>& team, std::map<std::string, std::string>& errors) {
  if (team && (team->empty() || !core::IsValidUtf8(*team) || core::CodepointCount(*team) > 100 ||
               core::HasControlCharacters(*team)))
    errors["team"] = "1 to 100 printable characters, or null for no team";
}

std::optional<std::string> CleanTeam(const std::optional<std::string>& team) {
  if (!team) return std::nullopt;
  return core::Trim(*team);
}

std::vector<FieldChange> UserChanges(const User* before, const User& after) {
  std::vector<FieldChange> out;
  auto text = [](const std::optional<std::string>& v) -> std::optional<std::string> {
    if (!v) return std::nullopt;
    return AuditText(*v);
  };
  auto add = [&](const char* field, std::optional<std::string> b, std::optional<std::string> a) {
    if (b != a) out.push_back({field, std::move(b), std::move(a)});
  };
  add("email", before ? text(before->email) : std::nullopt, text(after.email));
  add("name", before ? text(before->name) : std::nullopt, text(after.name));
  add("role", before ? text(std::string(RoleName(before->role))) : std::nullopt,
      text(std::string(RoleName(after.role))));
  add("team", before ? text(before->team) : std::nullopt, text(after.team));
  add("active", before ? std::optional<std::string>(AuditBool(before->active)) : std::nullopt,
      AuditBool(after.active));
  return out;
}

core::Status AppendUserAudit(Txn& txn, const Actor& actor, Timestamp at, const char* action,
                             const User* before, const User& after) {
  AuditEntry e = NewAuditEntry(actor, at, action, "user", after.id);
  e.changes = UserChanges(before, after);
  return txn.Audit().Append(e);
}

// Refuses to leave the workspace without an active admin.
core::Status KeepAnAdmin(Txn& txn, const User& before, const User& after) {
  if (before.role != Role::kAdmin || !before.active) return {};
  if (after.role == Role::kAdmin && after.active) return {};
  auto users = txn.Users().List();
  if (!users) return core::Fail(users.error());
  for (const auto& u : *users)
    if (u.id != before.id && u.role == Role::kAdmin && u.active) return {};
  return core::Fail(core::Error::Conflict("user " + core::FormatId(before.id) +
                                          " is the last active admin; make another admin first"));
}

core::Result<std::string> HashNewPassword(std::string_view password, const char* field) {
  if (auto problem = PasswordProblem(password)) return core::Fail(core::Error::Invalid(field, *problem));
  return core::HashPassword(password);
}

}  // namespace

core::Result<User> UserService::AddUser(const Actor& actor, const NewUser& in) {
  if (auto st = RequireAdmin(actor); !st) return core::Fail(st.error());
  std::map<std::string, std::string> errors;
  User u;
  u.email = core::Trim(in.email);
  CheckEmail(u.email, errors);
  u.name = core::Trim(in.name);
  CheckName(u.name, errors);
  u.team = CleanTeam(in.team);
  CheckTeam(u.team, errors);
  if (!in.password.empty())
    if (auto problem = PasswordProblem(in.password)) errors["password"] = *problem;
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  u.role = in.role;
  u.active = true;
  if (!in.password.empty()) {
    auto hash = core::HashPassword(in.password);
    if (!hash) return core::Fail(hash.error());
    u.password_hash = std::move(*hash);
  }
  u.created_at = u.updated_at = clock_.Now();
  return WriteValue<User>(store_, [&](Txn& txn) -> core::Result<User> {
    auto id = txn.Users().Insert(u);
    if (!id) return core::Fail(id.error());
    User created = u;
    created.id = *id;
    if (auto st = AppendUserAudit(txn, actor, u.created_at, "user.create", nullptr, created); !st)
      return core::Fail(st.error());
    return created;
  });
}

core::Result<std::vector<User>> UserService::List(const Actor&) {
  return ReadValue<std::vector<User>>(store_, [](Txn& txn) { return txn.Users().List(); });
}

core::Result<User> UserService::Get(const Actor&, Id id) {
  return ReadValue<User>(store_, [&](Txn& txn) { return FindUser(txn, id); });
}

core::Result<User> UserService::GetByEmail(std::string_view email) {
  return ReadValue<User>(store_, [&](Txn& txn) -> core::Result<User> {
    auto u = txn.Users().FindByEmail(email);
    if (!u) return core::Fail(u.error());
    if (!*u) return core::Fail(core::Error::NotFound("no user with email '" + std::string(email) + "'"));
    return std::move(**u);
  });
}

core::Result<User> UserService::Update(const Actor& actor, Id id, const UserPatch& patch) {
  if (auto st = RequireAdmin(actor); !st) return core::Fail(st.error());
  return WriteValue<User>(store_, [&](Txn& txn) -> core::Result<User> {
    auto found = FindUser(txn, id);
    if (!found) return core::Fail(found.error());
    const User before = *found;
    User u = *found;
    std::map<std::string, std::string> errors = patch.decode_errors;
    if (patch.email) {
      if (!*patch.email) errors["email"] = "required: cannot be null";
      else CheckEmail(u.email = core::Trim(**patch.email), errors);
    }
    if (patch.name) {
      if (!*patch.name) errors["name"] = "required: cannot be null";
      else CheckName(u.name = core::Trim(**patch.name), errors);
    }
    if (patch.role) {
      if (!*patch.role) errors["role"] = "required: cannot be null";
      else u.role = **patch.role;
    }
    if (patch.team) {
      u.team = CleanTeam(*patch.team);
      CheckTeam(u.team, errors);
    }
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    if (auto st = KeepAnAdmin(txn, before, u); !st) return core::Fail(st.error());
    u.updated_at = clock_.Now();
    if (auto st = txn.Users().Update(u); !st) return core::Fail(st.error());
    if (auto st = AppendUserAudit(txn, actor, u.updated_at, "user.update", &before, u); !st)
      return core::Fail(st.error());
    return u;
  });
}

core::Result<Deactivation> UserService::Deactivate(const Actor& actor, Id id,
                                                   std::optional<Id> reassign_to) {
  if (auto st = RequireAdmin(actor); !st) return core::Fail(st.error());
  return WriteValue<Deactivation>(store_, [&](Txn& txn) -> core::Result<Deactivation> {
    auto found = FindUser(txn, id);
    if (!found) return core::Fail(found.error());
    const User before = *found;
    Deactivation out;
    out.user = *found;
    out.user.active = false;
    if (auto st = KeepAnAdmin(txn, before, out.user); !st) return core::Fail(st.error());
    if (reassign_to) {
      if (*reassign_to == id) return core::Fail(core::Error::Invalid("reassign_to", "must be another user"));
      auto target = txn.Users().Find(*reassign_to);
      if (!target) return core::Fail(target.error());
      if (!*target || !(*target)->active)
        return core::Fail(core::Error::Invalid("reassign_to", "no active user with this id"));
    } else {
      CustomerQuery owned;
      owned.owner_id = id;
      owned.include_archived = true;
      owned.limit = 1;
      auto rows = txn.Customers().List(owned);
      if (!rows) return core::Fail(rows.error());
      if (!rows->empty())
        return core::Fail(core::Error::Invalid(
            "reassign_to", "required: user " + core::FormatId(id) +
                               " owns customers; name the active user who takes them over"));
    }
    const Timestamp now = clock_.Now();
    out.user.updated_at = now;
    if (auto st = txn.Users().Update(out.user); !st) return core::Fail(st.error());
    auto sessions = txn.Sessions().EndAllOf(id, now);
    if (!sessions) return core::Fail(sessions.error());
    auto tokens = txn.Tokens().RevokeAllOf(id, now);
    if (!tokens) return core::Fail(tokens.error());
    out.sessions_ended = *sessions;
    out.tokens_revoked = *tokens;
    if (reassign_to) {
      auto moved = txn.Customers().ReassignOwner(id, *reassign_to, now);
      if (!moved) return core::Fail(moved.error());
      out.reassigned_to = reassign_to;
      out.customers_reassigned = static_cast<int>(moved->size());
      if (auto st = CustomerChanged(txn, *moved, now); !st) return core::Fail(st.error());
      // Open tasks go with the customers: nobody is left with a follow-up that no one will do.
      auto tasks = txn.Tasks().ReassignOpen(id, *reassign_to, now);
      if (!tasks) return core::Fail(tasks.error());
      // Live complaint cases too: each keeps one owner, and the move is a counted transfer.
      auto cases = txn.Cases().ReassignActive(id, *reassign_to, now);
      if (!cases) return core::Fail(cases.error());
      for (Id case_id : *cases) {
        CaseEvent ev;
        ev.case_id = case_id;
        ev.at = now;
        ev.user_id = actor.AuditId();
        ev.kind = CaseEventKind::kAssigned;
        ev.from_owner = id;
        ev.to_owner = *reassign_to;
        ev.note = "owner deactivated";
        if (auto st = txn.Cases().AppendEvent(ev); !st) return core::Fail(st.error());
      }
      for (Id customer_id : *moved) {
        AuditEntry e = NewAuditEntry(actor, now, "customer.reassign", "customer", customer_id);
        e.customer_id = customer_id;
        e.changes.push_back({"owner_id", AuditText(core::FormatId(id)), AuditText(core::FormatId(*reassign_to))});
        e.detail = "offboarding of user " + core::FormatId(id);
        if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
      }
    }
    AuditEntry e = NewAuditEntry(actor, now, "user.deactivate", "user", id);
    e.changes = UserChanges(&before, out.user);
    e.detail = std::to_string(out.customers_reassigned) + " customers reassigned" +
               (reassign_to ? " to user " + core::FormatId(*reassign_to) : std::string()) + ", " +
               std::to_string(out.sessions_ended) + " sessions ended, " +
               std::to_string(out.tokens_revoked) + " tokens revoked";
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return out;
  });
}

core::Result<User> UserService::Activate(const Actor& actor, Id id) {
  if (auto st = RequireAdmin(actor); !st) return core::Fail(st.error());
  return WriteValue<User>(store_, [&](Txn& txn) -> core::Result<User> {
    auto found = FindUser(txn, id);
    if (!found) return core::Fail(found.error());
    if (found->active) return *found;
    const User before = *found;
    User u = *found;
    u.active = true;
    u.updated_at = clock_.Now();
    if (auto st = txn.Users().Update(u); !st) return core::Fail(st.error());
    if (auto st = AppendUserAudit(txn, actor, u.updated_at, "user.activate", &before, u); !st)
      return core::Fail(st.error());
    return u;
  });
}

core::Result<PasswordResetTicket> UserService::IssuePasswordReset(const Actor& actor, Id id) {
  if (auto st = RequireAdmin(actor); !st) return core::Fail(st.error());
  PasswordResetTicket ticket;
  ticket.secret = core::NewRandomSecret();
  return WriteValue<PasswordResetTicket>(store_, [&](Txn& txn) -> core::Result<PasswordResetTicket> {
    auto found = FindUser(txn, id);
    if (!found) return core::Fail(found.error());
    if (!found->active)
      return core::Fail(core::Error::Conflict("user " + core::FormatId(id) + " is deactivated; activate them first"));
    const Timestamp now = clock_.Now();
    PasswordReset r;
    r.user_id = id;
    r.token_hash = core::HashTokenSecret(ticket.secret);
    r.created_by = actor.AuditId();
    r.created_at = now;
    r.expires_at = Timestamp{now.ms + kResetTicketLifetimeMs};
    auto rid = txn.PasswordResets().Insert(r);
    if (!rid) return core::Fail(rid.error());
    if (auto st = txn.Audit().Append(NewAuditEntry(actor, now, "user.password_reset_issued", "user", id)); !st)
      return core::Fail(st.error());
    PasswordResetTicket out = ticket;
    out.user = *found;
    out.expires_at = r.expires_at;
    return out;
  });
}

core::Status UserService::ResetPassword(std::string_view secret, std::string_view new_password,
                                        const std::string& client_address) {
  if (auto problem = PasswordProblem(new_password))
    return core::Fail(core::Error::Invalid("password", *problem));
  const auto invalid = core::Error::Invalid("token", "unknown, used or expired reset token: ask an admin for a new one");
  if (secret.size() < 20 || secret.size() > 200) return core::Fail(invalid);
  const std::string token_hash = core::HashTokenSecret(secret);
  // The user a ticket may still reset, or `invalid`.
  auto ticket_user = [&](Txn& txn, Timestamp now) -> core::Result<User> {
    auto r = txn.PasswordResets().FindByHash(token_hash);
    if (!r) return core::Fail(r.error());
    if (!*r || (*r)->used_at || (*r)->expires_at.ms <= now.ms) return core::Fail(invalid);
    auto found = FindUser(txn, (*r)->user_id);
    if (!found) return core::Fail(found.error());
    if (!found->active) return core::Fail(invalid);
    return found;
  };
  // The ticket is checked before the password is hashed: a made-up ticket costs one lookup, not
  // an argon2id hash (64 MiB, tens of ms) that anyone could make the server compute.
  if (auto st = store_.Read([&](Txn& txn) -> core::Status {
        auto u = ticket_user(txn, clock_.Now());
        return u ? core::Status{} : core::Fail(u.error());
      });
      !st)
    return st;
  auto hash = core::HashPassword(new_password);
  if (!hash) return core::Fail(hash.error());
  return store_.Write([&](Txn& txn) -> core::Status {
    const Timestamp now = clock_.Now();
    auto found = ticket_user(txn, now);  // again: a concurrent reset may have used the ticket
    if (!found) return core::Fail(found.error());
    User u = *found;
    u.password_hash = *hash;
    u.updated_at = now;
    if (auto st = txn.Users().Update(u); !st) return st;
    if (auto st = txn.PasswordResets().UseAllOf(u.id, now); !st) return st;
    if (auto ended = txn.Sessions().EndAllOf(u.id, now); !ended) return core::Fail(ended.error());
    Actor self{u.id, u.role, u.team, client_address};
    return txn.Audit().Append(NewAuditEntry(self, now, "user.password_reset", "user", u.id));
  });
}

core::Status UserService::ChangePassword(const Actor& actor, std::string_view current_password,
                                         std::string_view new_password) {
  if (actor.user_id == 0)
    return core::Fail(core::Error::Forbidden("sign in as the user whose password changes"));
  auto current = Get(actor, actor.user_id);
  if (!current) return core::Fail(current.error());
  // Guesses of the current password are throttled like sign-ins (login_throttle.hpp): a stolen
  // session must not be a way to try passwords without limit.
  const std::array<ThrottleKey, 1> keys{
      {{"password:" + core::FormatId(actor.user_id), "for this account", "wrong current passwords"}}};
  if (auto st = store_.Write([&](Txn& txn) { return ClaimPasswordAttempt(txn, keys, clock_.Now()); }); !st)
    return st;
  if (!core::VerifyPassword(current->password_hash, current_password)) {
    if (auto st = store_.Write([&](Txn& txn) {
          return txn.Audit().Append(
              NewAuditEntry(actor, clock_.Now(), "user.password_change_failed", "user", actor.user_id));
        });
        !st)
      return st;
    return core::Fail(core::Error::Invalid("current_password", "does not match your current password"));
  }
  auto hash = HashNewPassword(new_password, "new_password");
  if (!hash) {  // the current password was right: the attempt counts for nothing
    (void)store_.Write([&](Txn& txn) { return ClearPasswordAttempts(txn, keys); });
    return core::Fail(hash.error());
  }
  return store_.Write([&](Txn& txn) -> core::Status {
    auto found = FindUser(txn, actor.user_id);
    if (!found) return core::Fail(found.error());
    User u = *found;
    u.password_hash = *hash;
    u.updated_at = clock_.Now();
    if (auto st = txn.Users().Update(u); !st) return st;
    if (auto st = ClearPasswordAttempts(txn, keys); !st) return st;
    return txn.Audit().Append(NewAuditEntry(actor, u.updated_at, "user.password_change", "user", u.id));
  });
}

}  // namespace rapport::domain
