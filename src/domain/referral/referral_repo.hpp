// ReferralRepo: the storage port of referrals and the referrers' leaderboard.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <vector>

#include "core/error.hpp"
#include "domain/referral/referral.hpp"

namespace rapport::domain {

class ReferralRepo {
 public:
  virtual ~ReferralRepo() = default;
  // kConflict when the referred customer already has a referral.
  virtual core::Result<Id> Insert(const Referral& r) = 0;
  virtual core::Result<std::optional<Referral>> OfReferred(Id referred_id) = 0;  // any scope
  virtual core::Result<std::vector<Referral>> List(const ReferralQuery& query) = 0;  // limit + 1
  // Referrals whose both customers are in `scope`, grouped by referrer, ranked by `order` (ties:
  // the other figure, then referrer id), at most `limit`.
  virtual core::Result<std::vector<LeaderboardRow>> Leaderboard(const CustomerScope& scope,
                                                                LeaderboardOrder order, int limit) = 0;
};

}  // namespace rapport::domain
