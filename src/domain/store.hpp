// The unit of work and the store: Txn hands out the repositories (the storage ports) bound to one
// open transaction; Store runs work inside transactions. Implementations live in
// src/store/<backend>/; every SQL statement lives there. Each repository is declared in its
// object's folder (customer/customer_repo.hpp, care/case_repo.hpp, product/product_repo.hpp, ...):
// include the ones you call.
//
// Contract for every repository method: a storage failure is returned as an Error (kUnavailable
// when the database is busy or unreachable, kInternal otherwise), never thrown. "Not found" is an
// empty optional, not an error.
//
// Thread safety: a Store is thread-safe; a Txn and its repositories are not (see below).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace rapport::domain {

class CustomerRepo;
class UserRepo;
class TokenRepo;
class SettingsRepo;
class SessionRepo;
class LoginThrottleRepo;
class PasswordResetRepo;
class AuditRepo;
class JobRepo;
class ProductRepo;
class DealRepo;
class OrderRepo;
class LoyaltyRepo;
class OutboxRepo;
class UsageRepo;
class PrivacyRepo;
class SubscriptionRepo;
class WinBackRepo;
class ReferralRepo;
class AppreciationRepo;
class InteractionRepo;
class TaskRepo;
class CadenceRepo;
class CaseRepo;
class FeedbackRepo;
class PromiseRepo;
class EconomicsRepo;

// A unit of work: repositories bound to one open transaction. Not thread-safe; used only inside
// the Store callback that handed it out.
class Txn {
 public:
  virtual ~Txn() = default;
  virtual CustomerRepo& Customers() = 0;
  virtual UserRepo& Users() = 0;
  virtual TokenRepo& Tokens() = 0;
  virtual SettingsRepo& Settings() = 0;
  virtual SessionRepo& Sessions() = 0;
  virtual LoginThrottleRepo& LoginThrottles() = 0;
  virtual PasswordResetRepo& PasswordResets() = 0;
  virtual AuditRepo& Audit() = 0;
  virtual JobRepo& Jobs() = 0;
  // Commerce (store/common: one implementation for both backends).
  virtual ProductRepo& Products() = 0;
  virtual DealRepo& Deals() = 0;
  virtual OrderRepo& Orders() = 0;
  virtual LoyaltyRepo& Loyalty() = 0;
  virtual OutboxRepo& Outbox() = 0;
  virtual UsageRepo& Usage() = 0;
  virtual PrivacyRepo& Privacy() = 0;
  // Relationship records (store/common): subscriptions, win-back offers, referrals, events.
  virtual SubscriptionRepo& Subscriptions() = 0;
  virtual WinBackRepo& WinBack() = 0;
  virtual ReferralRepo& Referrals() = 0;
  virtual AppreciationRepo& Appreciation() = 0;
  // The romance engine (store/common): timeline, tasks, cadences.
  virtual InteractionRepo& Interactions() = 0;
  virtual TaskRepo& Tasks() = 0;
  virtual CadenceRepo& Cadences() = 0;
  // Care (store/common): cases, feedback, promises.
  virtual CaseRepo& Cases() = 0;
  virtual FeedbackRepo& Feedback() = 0;
  virtual PromiseRepo& Promises() = 0;
  // Economics (store/common).
  virtual EconomicsRepo& Economics() = 0;
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
  // Makes data deleted or overwritten by committed writes unrecoverable from the database's files
  // (SQLite: deleted content is zeroed on write (secure_delete); this checkpoints and truncates
  // the WAL, which still holds old page images. PostgreSQL: VACUUMs the given tables so dead row
  // versions are gone). Used after erasing a customer's personal data.
  virtual core::Status PurgeDeletedData(std::span<const std::string_view> tables) = 0;
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
