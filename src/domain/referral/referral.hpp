// Referrals: who recommended us to whom. A customer is referred once (by one referrer); the
// leaderboard ranks referrers by the customers they brought and the net margin those customers
// produced.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/customer/customer_query.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

struct Referral {
  Id id = 0;
  Id referrer_id = 0;
  Id referred_id = 0;
  Timestamp referred_at;
  std::optional<std::string> channel, note;
  std::optional<Id> created_by;
  Timestamp created_at;
  // Read with the row (not stored): the two customers' names.
  std::string referrer_name, referred_name;
};

struct ReferralInput {
  std::optional<Id> referrer_id, referred_id;
  std::optional<Timestamp> referred_at;
  std::optional<std::string> channel, note;
  std::map<std::string, std::string> decode_errors;
};

struct ReferralQuery {
  CustomerScope scope;  // both customers must be visible
  std::optional<Id> referrer_id, referred_id;
  int limit = 50;
  Id before_id = 0;  // keyset cursor: newest first
};

enum class LeaderboardOrder { kCustomers, kMargin };

struct LeaderboardRow {
  Id referrer_id = 0;
  std::string referrer_name;
  int customers_brought = 0;
  std::int64_t margin_cents = 0;  // net margin of the referred customers' non-cancelled orders
};

}  // namespace rapport::domain
