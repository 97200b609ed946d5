// `rapport user ...` and `rapport token ...`: managing the team's accounts from the command line.
// The command line acts as an admin; its audit entries carry no user and the address "cli".
#include <cstdio>

#include "cli/commands.hpp"
#include "core/text.hpp"
#include "domain/auth/token_service.hpp"
#include "domain/user/user_service.hpp"

namespace rapport::cli {
namespace {

const domain::Actor kCli = domain::Actor::CommandLine();

void AddDbOption(CLI::App* cmd, std::string& db) {
  cmd->add_option("--db", db, "SQLite file path or postgresql://user@host:port/db")->required();
}

// Opens an existing database and runs `f(users, tokens)`.
template <typename F>
int WithServices(const std::string& db, F&& f) {
  auto database = OpenMigrated(db, /*create=*/false);
  if (!database) return PrintError(database.error());
  domain::UserService users(**database, Clock());
  domain::TokenService tokens(**database, Clock());
  return f(users, tokens);
}

core::Result<domain::User> UserByEmail(domain::UserService& users, const std::string& email) {
  return users.GetByEmail(email);
}

void AddUserAdd(CLI::App* user, Action& action) {
  auto* add = user->add_subcommand("add", "Add a user; the password is read from stdin");
  struct Args {
    std::string db, email, name, role, team;
  };
  auto args = std::make_shared<Args>();
  AddDbOption(add, args->db);
  add->add_option("--email", args->email, "Sign-in email (unique)")->required();
  add->add_option("--name", args->name, "Display name")->required();
  add->add_option("--role", args->role, "admin, manager or rep")
      ->required()
      ->check(CLI::IsMember({"admin", "manager", "rep"}));
  add->add_option("--team", args->team, "Team name");
  add->callback([&action, args] {
    action = [args]() -> int {
      const std::string password = ReadPassword();
      // Checked before the database is touched, so a typo creates no file.
      if (auto problem = domain::PasswordProblem(password))
        return PrintError(core::Error::Invalid("password", *problem));
      auto database = OpenMigrated(args->db, /*create=*/true);
      if (!database) return PrintError(database.error());
      domain::UserService users(**database, Clock());
      domain::NewUser nu;
      nu.email = args->email;
      nu.name = args->name;
      nu.role = *domain::ParseRole(args->role);
      if (!args->team.empty()) nu.team = args->team;
      nu.password = password;
      auto created = users.AddUser(nu);
      if (!created) return PrintError(created.error());
      std::fprintf(stderr, "added %s user %s (id %s)\n", args->role.c_str(),
                   created->email.c_str(), core::FormatId(created->id).c_str());
      return 0;
    };
  });
}

void AddUserList(CLI::App* user, Action& action) {
  auto* list = user->add_subcommand("list", "List users (tab-separated: id, email, name, role, team, active)");
  auto db = std::make_shared<std::string>();
  AddDbOption(list, *db);
  list->callback([&action, db] {
    action = [db]() -> int {
      return WithServices(*db, [](domain::UserService& users, domain::TokenService&) {
        auto all = users.List(kCli);
        if (!all) return PrintError(all.error());
        for (const auto& u : *all)
          std::printf("%s\t%s\t%s\t%s\t%s\t%s\n", core::FormatId(u.id).c_str(), u.email.c_str(),
                      u.name.c_str(), std::string(domain::RoleName(u.role)).c_str(),
                      u.team.value_or("").c_str(), u.active ? "active" : "deactivated");
        return 0;
      });
    };
  });
}

void AddUserUpdate(CLI::App* user, Action& action) {
  auto* update = user->add_subcommand("update", "Change a user's name, email, role or team");
  struct Args {
    std::string db, email;
    std::optional<std::string> new_email, name, role, team;
    bool no_team = false;
  };
  auto args = std::make_shared<Args>();
  AddDbOption(update, args->db);
  update->add_option("--email", args->email, "The user's current email")->required();
  update->add_option("--new-email", args->new_email, "New sign-in email");
  update->add_option("--name", args->name, "New display name");
  update->add_option("--role", args->role, "admin, manager or rep")->check(CLI::IsMember({"admin", "manager", "rep"}));
  auto* team = update->add_option("--team", args->team, "New team");
  update->add_flag("--no-team", args->no_team, "Remove the user from their team")->excludes(team);
  update->callback([&action, args] {
    action = [args]() -> int {
      return WithServices(args->db, [&](domain::UserService& users, domain::TokenService&) {
        auto found = UserByEmail(users, args->email);
        if (!found) return PrintError(found.error());
        domain::UserPatch patch;
        if (args->new_email) patch.email = std::optional<std::string>{*args->new_email};
        if (args->name) patch.name = std::optional<std::string>{*args->name};
        if (args->role) patch.role = std::optional<domain::Role>{*domain::ParseRole(*args->role)};
        if (args->team) patch.team = std::optional<std::string>{*args->team};
        if (args->no_team) patch.team = std::optional<std::string>{};
        auto updated = users.Update(kCli, found->id, patch);
        if (!updated) return PrintError(updated.error());
        std::fprintf(stderr, "updated user %s\n", updated->email.c_str());
        return 0;
      });
    };
  });
}

void AddUserDeactivate(CLI::App* user, Action& action) {
  auto* cmd = user->add_subcommand(
      "deactivate", "Offboard a user: end their sessions, revoke their tokens, hand over their customers");
  struct Args {
    std::string db, email, reassign_to;
  };
  auto args = std::make_shared<Args>();
  AddDbOption(cmd, args->db);
  cmd->add_option("--email", args->email, "The user to deactivate")->required();
  cmd->add_option("--reassign-to", args->reassign_to,
                  "Email of the active user who takes over their customers (required if they own any)");
  cmd->callback([&action, args] {
    action = [args]() -> int {
      return WithServices(args->db, [&](domain::UserService& users, domain::TokenService&) {
        auto found = UserByEmail(users, args->email);
        if (!found) return PrintError(found.error());
        std::optional<core::Id> to;
        if (!args->reassign_to.empty()) {
          auto target = UserByEmail(users, args->reassign_to);
          if (!target) return PrintError(target.error());
          to = target->id;
        }
        auto done = users.Deactivate(kCli, found->id, to);
        if (!done) {
          if (done.error().fields.contains("reassign_to"))
            done.error().message = "--reassign-to: " + done.error().fields.at("reassign_to");
          return PrintError(done.error());
        }
        std::fprintf(stderr, "deactivated %s: %d customers reassigned%s, %d sessions ended, %d tokens revoked\n",
                     found->email.c_str(), done->customers_reassigned,
                     to ? (" to " + args->reassign_to).c_str() : "", done->sessions_ended,
                     done->tokens_revoked);
        return 0;
      });
    };
  });
}

void AddUserActivate(CLI::App* user, Action& action) {
  auto* cmd = user->add_subcommand("activate", "Let a deactivated user sign in again");
  struct Args {
    std::string db, email;
  };
  auto args = std::make_shared<Args>();
  AddDbOption(cmd, args->db);
  cmd->add_option("--email", args->email, "The user to activate")->required();
  cmd->callback([&action, args] {
    action = [args]() -> int {
      return WithServices(args->db, [&](domain::UserService& users, domain::TokenService&) {
        auto found = UserByEmail(users, args->email);
        if (!found) return PrintError(found.error());
        auto done = users.Activate(kCli, found->id);
        if (!done) return PrintError(done.error());
        std::fprintf(stderr, "activated %s\n", done->email.c_str());
        return 0;
      });
    };
  });
}

void AddUserResetPassword(CLI::App* user, Action& action) {
  auto* cmd = user->add_subcommand(
      "reset-password", "Issue a one-time password reset token (printed alone on stdout; valid 24 h)");
  struct Args {
    std::string db, email;
  };
  auto args = std::make_shared<Args>();
  AddDbOption(cmd, args->db);
  cmd->add_option("--email", args->email, "Whose password to reset")->required();
  cmd->callback([&action, args] {
    action = [args]() -> int {
      return WithServices(args->db, [&](domain::UserService& users, domain::TokenService&) {
        auto found = UserByEmail(users, args->email);
        if (!found) return PrintError(found.error());
        auto ticket = users.IssuePasswordReset(kCli, found->id);
        if (!ticket) return PrintError(ticket.error());
        std::printf("%s\n", ticket->secret.c_str());
        std::fflush(stdout);
        std::fprintf(stderr,
                     "reset token for %s, valid until %s: open /reset-password?token=<token> in the "
                     "web app, or POST {\"token\", \"password\"} to /api/v1/auth/password-reset\n",
                     found->email.c_str(), core::FormatIso8601(ticket->expires_at).c_str());
        return 0;
      });
    };
  });
}

void AddTokenCreate(CLI::App* token, Action& action) {
  auto* create = token->add_subcommand(
      "create", "Create an API token; prints it alone on stdout, once (it is stored hashed)");
  struct Args {
    std::string db, user, name = "cli";
    int expires_in_days = 0;
  };
  auto args = std::make_shared<Args>();
  AddDbOption(create, args->db);
  create->add_option("--user", args->user, "Email of the token's owner")->required();
  create->add_option("--name", args->name, "What the token is for");
  create->add_option("--expires-in-days", args->expires_in_days, "Expiry; 0 = never")
      ->check(CLI::Range(0, 3650));
  create->callback([&action, args] {
    action = [args]() -> int {
      return WithServices(args->db, [&](domain::UserService&, domain::TokenService& tokens) {
        std::optional<core::Timestamp> expires;
        if (args->expires_in_days > 0)
          expires = core::Timestamp{Clock().Now().ms + args->expires_in_days * core::kMsPerDay};
        auto issued = tokens.CreateForEmail(args->user, args->name, expires);
        if (!issued) return PrintError(issued.error());
        std::printf("%s\n", issued->secret.c_str());
        std::fflush(stdout);
        std::fprintf(stderr, "created token %s '%s' for %s; it is shown only once\n",
                     core::FormatId(issued->token.id).c_str(), issued->token.name.c_str(),
                     args->user.c_str());
        return 0;
      });
    };
  });
}

void AddTokenList(CLI::App* token, Action& action) {
  auto* list = token->add_subcommand(
      "list", "List API tokens (tab-separated: id, user id, name, created, last used, expires, revoked)");
  struct Args {
    std::string db, user;
  };
  auto args = std::make_shared<Args>();
  AddDbOption(list, args->db);
  list->add_option("--user", args->user, "Only this user's tokens (email)");
  list->callback([&action, args] {
    action = [args]() -> int {
      return WithServices(args->db, [&](domain::UserService& users, domain::TokenService& tokens) {
        std::optional<core::Id> user_id;
        if (!args->user.empty()) {
          auto u = UserByEmail(users, args->user);
          if (!u) return PrintError(u.error());
          user_id = u->id;
        }
        auto all = tokens.List(kCli, user_id, /*all=*/true);
        if (!all) return PrintError(all.error());
        auto time = [](const std::optional<core::Timestamp>& t) {
          return t ? core::FormatIso8601(*t) : std::string("-");
        };
        for (const auto& t : *all)
          std::printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", core::FormatId(t.id).c_str(),
                      core::FormatId(t.user_id).c_str(), t.name.c_str(),
                      core::FormatIso8601(t.created_at).c_str(), time(t.last_used_at).c_str(),
                      time(t.expires_at).c_str(), time(t.revoked_at).c_str());
        return 0;
      });
    };
  });
}

void AddTokenRevoke(CLI::App* token, Action& action) {
  auto* revoke = token->add_subcommand("revoke", "Revoke an API token at once");
  struct Args {
    std::string db;
    core::Id id = 0;
  };
  auto args = std::make_shared<Args>();
  AddDbOption(revoke, args->db);
  revoke->add_option("--id", args->id, "The token's id (see token list)")->required()->check(CLI::PositiveNumber);
  revoke->callback([&action, args] {
    action = [args]() -> int {
      return WithServices(args->db, [&](domain::UserService&, domain::TokenService& tokens) {
        auto revoked = tokens.Revoke(kCli, args->id);
        if (!revoked) return PrintError(revoked.error());
        std::fprintf(stderr, "revoked token %s '%s'\n", core::FormatId(revoked->id).c_str(),
                     revoked->name.c_str());
        return 0;
      });
    };
  });
}

}  // namespace

void AddUserCommand(CLI::App& app, Action& action) {
  auto* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  AddUserAdd(user, action);
  AddUserList(user, action);
  AddUserUpdate(user, action);
  AddUserDeactivate(user, action);
  AddUserActivate(user, action);
  AddUserResetPassword(user, action);
}

void AddTokenCommand(CLI::App& app, Action& action) {
  auto* token = app.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  AddTokenCreate(token, action);
  AddTokenList(token, action);
  AddTokenRevoke(token, action);
}

}  // namespace rapport::cli
