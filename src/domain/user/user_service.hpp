// UserService: the team's user accounts: adding, changing, deactivating (offboarding),
// passwords. Only admins manage users; everyone signed in may list them (owners are shown by
// name). Every change is audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kPermissionDenied  AddUser, Update, Deactivate, Activate, IssuePasswordReset by a non-admin;
//                      ChangePassword without a signed-in user (the command line, a bare token).
//   kNotFound          Get, Update, Deactivate, Activate, IssuePasswordReset of an unknown user id;
//                      GetByEmail of an unknown email.
//   kInvalidArgument   AddUser/Update: "email", "name", "team", "role", "password" (the password
//                      policy); Deactivate: "reassign_to" (itself, not an active user, or missing
//                      while the user owns customers); ResetPassword: "token" (unknown, used,
//                      expired, or its user deactivated) and "password"; ChangePassword:
//                      "current_password" (does not match), "new_password".
//   kConflict          AddUser/Update with an email another user has; Update/Deactivate that would
//                      leave no active admin; IssuePasswordReset for a deactivated user.
//   List answers only the store's errors.
#pragma once

#include "core/clock.hpp"
#include "domain/auth/password_policy.hpp"
#include "domain/patch.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

struct NewUser {
  std::string email, name;
  Role role = Role::kRep;
  std::optional<std::string> team;
  // Empty: the user cannot sign in with a password until one is set through a reset ticket.
  std::string password;
};

struct UserPatch {
  Patch<std::string> email, name;
  Patch<Role> role;
  Patch<std::string> team;  // null: no team
  std::map<std::string, std::string> decode_errors;
};

struct Deactivation {
  User user;
  std::optional<Id> reassigned_to;
  int customers_reassigned = 0, sessions_ended = 0, tokens_revoked = 0;
};

// A one-time ticket to set a password; the secret is shown once, only its hash is stored.
struct PasswordResetTicket {
  User user;
  std::string secret;
  Timestamp expires_at;
};

inline constexpr std::int64_t kResetTicketLifetimeMs = 24 * 3600 * 1000;

class UserService {
 public:
  UserService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}

  core::Result<User> AddUser(const Actor& actor, const NewUser& user);
  core::Result<User> AddUser(const NewUser& user) { return AddUser(Actor::CommandLine(), user); }
  core::Result<std::vector<User>> List(const Actor& actor);
  core::Result<User> Get(const Actor& actor, Id id);
  core::Result<User> GetByEmail(std::string_view email);
  core::Result<User> Update(const Actor& actor, Id id, const UserPatch& patch);
  // Ends the user's sessions, revokes their tokens and gives all their customers to
  // `reassign_to` (required when they own any), in one transaction.
  core::Result<Deactivation> Deactivate(const Actor& actor, Id id, std::optional<Id> reassign_to);
  core::Result<User> Activate(const Actor& actor, Id id);
  core::Result<PasswordResetTicket> IssuePasswordReset(const Actor& actor, Id id);
  // Sets a new password with a reset ticket (no sign-in needed); ends the user's sessions.
  core::Status ResetPassword(std::string_view secret, std::string_view new_password,
                             const std::string& client_address);
  // The signed-in user changes their own password, proving the current one.
  core::Status ChangePassword(const Actor& actor, std::string_view current_password,
                              std::string_view new_password);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
