// ReferralService: record who referred whom, list, and the referrers' leaderboard. A new referral
// is audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal): Create as stated at the method, and
// kInvalidArgument on "channel" / "note" (not UTF-8, too long); List: kInvalidArgument on
// "cursor". Leaderboard answers only the store's errors.
#pragma once

#include "core/clock.hpp"
#include "domain/page.hpp"
#include "domain/referral/referral.hpp"
#include "domain/store.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

using ReferralPage = IdPage<Referral>;

class ReferralService {
 public:
  ReferralService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  // kInvalidArgument naming referrer_id/referred_id for unknown or invisible customers and
  // self-referral; kConflict when the referred customer was referred already.
  core::Result<Referral> Create(const Actor& actor, const ReferralInput& input);
  core::Result<ReferralPage> List(const Actor& actor, ReferralQuery query,
                                  std::optional<std::string_view> cursor);
  core::Result<std::vector<LeaderboardRow>> Leaderboard(const Actor& actor, LeaderboardOrder order, int limit);

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
