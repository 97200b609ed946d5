// CaseRepo: the storage port of complaint cases, their events and the case policy.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/care/care_figures.hpp"
#include "domain/care/case.hpp"
#include "domain/customer/customer_query.hpp"

namespace rapport::domain {

enum class CaseStatusFilter { kAny, kActive, kOpen, kInProgress, kResolved, kClosed };
struct CaseQuery {
  CustomerScope scope;
  std::optional<Id> owner_id, customer_id;
  CaseStatusFilter status = CaseStatusFilter::kAny;
  std::optional<CaseSeverity> severity;
  int limit = 50;
  Id before_id = 0;  // keyset cursor: newest first (by id descending)
};

class CaseRepo {
 public:
  virtual ~CaseRepo() = default;
  virtual core::Status Insert(Case& c) = 0;  // sets id
  // The case when its customer is in `scope`, or it is owned by scope's user.
  virtual core::Result<std::optional<Case>> Find(Id id, const CustomerScope& scope) = 0;
  virtual core::Result<std::vector<Case>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Status Update(const Case& c) = 0;
  virtual core::Result<std::vector<Case>> List(const CaseQuery& query) = 0;  // at most limit + 1
  virtual core::Result<std::vector<Case>> OfCustomer(Id customer_id) = 0;    // by id
  virtual core::Status AppendEvent(CaseEvent& e) = 0;                        // sets id
  virtual core::Result<std::vector<CaseEvent>> Events(Id case_id) = 0;       // oldest first
  virtual core::Result<CasePolicy> Policy() = 0;
  virtual core::Status SavePolicy(const CasePolicy& policy) = 0;
  // Feeds the dashboard every live case and every case opened at or after `from`, in `scope`,
  // one row at a time.
  virtual core::Status AddFigureRows(Timestamp from, const CustomerScope& scope, CaseDashboardBuilder& into) = 0;
  // Gives every live case of `from` to `to` (counting a transfer); returns their ids.
  virtual core::Result<std::vector<Id>> ReassignActive(Id from, Id to, Timestamp at) = 0;
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;
};

}  // namespace rapport::domain
