// CadenceRepo: the storage port of contact cadences: the rules, each customer's state, the
// scheduler's queue and the forgotten-customers list.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "domain/cadence/cadence.hpp"
#include "domain/customer/stage.hpp"

namespace rapport::domain {

// Which customers a scheduler pass looks at: an id range (the full pass, in chunks) or a list.
struct CadenceSelection {
  std::optional<std::pair<Id, Id>> id_range;  // inclusive
  std::vector<Id> ids;
};

// A row of the forgotten-customers list.
struct ForgottenRow {
  CadenceState state;
  std::string name;
  Stage stage = Stage::kContact;
  std::optional<std::int64_t> predicted_clv_cents;  // of the latest scoring run, when it gave one
};
struct ForgottenQuery {
  Id owner_id = 0;
  Timestamp now;
  int limit = 50;
  std::optional<std::pair<std::int64_t, Id>> after;  // keyset cursor: (rank_cents, customer_id)
};

class CadenceRepo {
 public:
  virtual ~CadenceRepo() = default;
  virtual core::Result<std::vector<CadenceRule>> Rules() = 0;  // by id
  virtual core::Result<std::optional<CadenceRule>> FindRule(Id id) = 0;
  virtual core::Status InsertRule(CadenceRule& rule) = 0;  // sets id
  virtual core::Status UpdateRule(const CadenceRule& rule) = 0;
  virtual core::Status DeleteRule(Id id) = 0;
  // Facts of the selected customers (archived included), by id.
  virtual core::Result<std::vector<CadenceFacts>> LoadFacts(const CadenceSelection& selection,
                                                           const CadenceNeeds& needs) = 0;
  virtual core::Status SaveStates(std::span<const CadenceState> states) = 0;  // insert or replace
  virtual core::Result<std::optional<CadenceState>> StateOf(Id customer_id) = 0;
  // The queue of customers whose state changed since the scheduler last looked at them.
  virtual core::Status Enqueue(std::span<const Id> customer_ids, Timestamp at) = 0;
  // Up to `limit` entries, oldest first: (customer id, its change counter).
  virtual core::Result<std::vector<std::pair<Id, std::int64_t>>> Queued(int limit) = 0;
  // Removes the entries still at the counter read (a change since keeps its customer queued).
  virtual core::Status Dequeue(std::span<const std::pair<Id, std::int64_t>> entries) = 0;
  virtual core::Result<std::int64_t> QueueLength() = 0;
  // The smallest and largest customer id (none: no customers).
  virtual core::Result<std::optional<std::pair<Id, Id>>> CustomerIdBounds() = 0;
  // Customers of query.owner_id whose touch is due at query.now, most valuable first (by
  // rank_cents: see RankValue): at most limit + 1 rows; and how many there are in all.
  virtual core::Result<std::pair<std::vector<ForgottenRow>, int>> Forgotten(const ForgottenQuery& query) = 0;
  // Per owner: forgotten customers at `now` (owners with none are left out); `team` narrows to
  // the owners in that team.
  virtual core::Result<std::map<Id, int>> ForgottenCounts(Timestamp now, std::optional<std::string> team) = 0;
  // After a scoring run wrote the scores of the customers with after < id <= upto: their rank
  // becomes RankValue(their predicted value, their value_cents).
  virtual core::Status RerankFromScores(Id after, Id upto) = 0;
};

}  // namespace rapport::domain
