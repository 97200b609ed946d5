// The storage ports: one repository per aggregate, reached through a transaction (Txn).
// Implementations live in src/store/<backend>/; every SQL statement lives there.
//
// Contract for every method: a storage failure is returned as an Error (kUnavailable when the
// database is busy or unreachable, kInternal otherwise), never thrown. "Not found" is an empty
// optional, not an error.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/customer/customer.hpp"
#include "domain/customer/customer_query.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

class CustomerRepo {
 public:
  virtual ~CustomerRepo() = default;
  // Inserts and returns the new id (customer.id is ignored).
  virtual core::Result<Id> Insert(const Customer& customer) = 0;
  // Bulk loading (demo data, imports): inserts without updating the search index, which
  // RebuildSearchIndex then builds for every row at once (several times faster than row by row).
  // Until then, new rows are not found by `q`.
  virtual core::Result<Id> InsertUnindexed(const Customer& customer) = 0;
  virtual core::Status RebuildSearchIndex() = 0;
  virtual core::Result<std::optional<Customer>> Find(Id id) = 0;
  // Replaces the row with customer.id; the caller has already bumped version.
  virtual core::Status Update(const Customer& customer) = 0;
  // Up to query.limit + 1 rows (the extra row tells the caller there is a next page).
  virtual core::Result<std::vector<Customer>> List(const CustomerQuery& query) = 0;
  virtual core::Status AppendTransitions(std::span<StageTransition> transitions) = 0;  // sets ids
  // A customer's transitions, oldest first, after transition id `after_id`, at most `limit`.
  virtual core::Result<std::vector<StageTransition>> History(Id customer_id, Id after_id,
                                                              int limit) = 0;
};

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  // kConflict on "email" when a user with the same (case-insensitive) email exists.
  virtual core::Result<Id> Insert(const User& user) = 0;
  virtual core::Result<std::optional<User>> Find(Id id) = 0;
  virtual core::Result<std::optional<User>> FindByEmail(std::string_view email) = 0;
};

struct TokenOwner {
  ApiToken token;
  User user;
};

class TokenRepo {
 public:
  virtual ~TokenRepo() = default;
  virtual core::Result<Id> Insert(const ApiToken& token) = 0;
  virtual core::Result<std::optional<TokenOwner>> FindByHash(std::string_view token_hash) = 0;
  virtual core::Status TouchLastUsed(Id token_id, Timestamp at) = 0;
};

// Workspace-wide settings (the currency chosen at install, ...).
class SettingsRepo {
 public:
  virtual ~SettingsRepo() = default;
  virtual core::Result<std::optional<std::string>> Get(std::string_view key) = 0;
  virtual core::Status Set(std::string_view key, std::string_view value) = 0;
};

// A unit of work: repositories bound to one open transaction. Not thread-safe; used only inside
// the Store callback that handed it out.
class Txn {
 public:
  virtual ~Txn() = default;
  virtual CustomerRepo& Customers() = 0;
  virtual UserRepo& Users() = 0;
  virtual TokenRepo& Tokens() = 0;
  virtual SettingsRepo& Settings() = 0;
};

// The store: runs work inside transactions. Thread-safe: any thread may call Read/Write.
class Store {
 public:
  using Work = std::function<core::Status(Txn&)>;
  virtual ~Store() = default;
  // Runs `work` on a consistent snapshot. Writes inside it are an error.
  virtual core::Status Read(const Work& work) = 0;
  // Runs `work` in a transaction. Returns only after the transaction is durably committed (or
  // rolled back when `work` fails: then its error is returned and nothing it did remains).
  // Concurrent writes may be committed together (group commit); each one is isolated.
  virtual core::Status Write(const Work& work) = 0;
};

// Helpers that carry a value out of a Read/Write.
template <typename T, typename F>
core::Result<T> ReadValue(Store& store, F&& f) {
  std::optional<T> out;
  auto st = store.Read([&](Txn& txn) -> core::Status {
    auto r = f(txn);
    if (!r) return core::Fail(std::move(r.error()));
    out.emplace(std::move(*r));
    return {};
  });
  if (!st) return core::Fail(std::move(st.error()));
  return std::move(*out);
}

template <typename T, typename F>
core::Result<T> WriteValue(Store& store, F&& f) {
  std::optional<T> out;
  auto st = store.Write([&](Txn& txn) -> core::Status {
    auto r = f(txn);
    if (!r) return core::Fail(std::move(r.error()));
    out.emplace(std::move(*r));
    return {};
  });
  if (!st) return core::Fail(std::move(st.error()));
  return std::move(*out);
}

}  // namespace rapport::domain
