// Referral use cases: record who referred whom, list, and the referrers' leaderboard.
#pragma once

#include "core/clock.hpp"
#include "domain/page.hpp"
#include "domain/repos.hpp"

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
