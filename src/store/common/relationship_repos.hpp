// Repositories of the relationship records (migration 5), written once over SqlSession for both
// backends: subscriptions, win-back offers, referrals, appreciation events.
#pragma once

#include "domain/repos.hpp"
#include "store/sql/sql_session.hpp"

namespace rapport::store {

class SqlSubscriptionRepo final : public domain::SubscriptionRepo {
 public:
  explicit SqlSubscriptionRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::Subscription& sub) override;
  core::Result<std::optional<domain::Subscription>> Find(core::Id id, const domain::CustomerScope& scope) override;
  core::Status Update(const domain::Subscription& sub) override;
  core::Status AppendEvent(domain::SubscriptionEvent& event) override;
  core::Result<std::vector<domain::SubscriptionEvent>> Events(core::Id subscription_id) override;
  core::Result<std::vector<domain::Subscription>> List(const domain::SubscriptionQuery& query) override;
  core::Result<std::vector<domain::Subscription>> RenewingBy(const domain::CustomerScope& scope, core::Date until,
                                                             int limit) override;

 private:
  SqlSession& s_;
};

class SqlWinBackRepo final : public domain::WinBackRepo {
 public:
  explicit SqlWinBackRepo(SqlSession& s) : s_(s) {}
  core::Result<domain::MarginHistory> History(core::Id customer_id) override;
  core::Result<std::vector<domain::WinBackOffer>> Offers(core::Id customer_id) override;
  core::Status Append(domain::WinBackOffer& offer) override;
  core::Status Lock(core::Id customer_id) override;

 private:
  SqlSession& s_;
};

class SqlReferralRepo final : public domain::ReferralRepo {
 public:
  explicit SqlReferralRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::Referral& r) override;
  core::Result<std::optional<domain::Referral>> OfReferred(core::Id referred_id) override;
  core::Result<std::vector<domain::Referral>> List(const domain::ReferralQuery& query) override;
  core::Result<std::vector<domain::LeaderboardRow>> Leaderboard(const domain::CustomerScope& scope,
                                                                domain::LeaderboardOrder order, int limit) override;

 private:
  SqlSession& s_;
};

class SqlAppreciationRepo final : public domain::AppreciationRepo {
 public:
  explicit SqlAppreciationRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> InsertEvent(const domain::AppreciationEvent& e) override;
  core::Result<std::optional<domain::AppreciationEvent>> FindEvent(core::Id id) override;
  core::Status UpdateEvent(const domain::AppreciationEvent& e) override;
  core::Result<std::vector<domain::AppreciationEvent>> ListEvents(const domain::EventQuery& query) override;
  core::Result<domain::InvitationCounts> Counts(core::Id event_id) override;
  core::Result<bool> Invite(const domain::Invitation& invitation) override;
  core::Result<std::optional<domain::Invitation>> FindInvitation(core::Id event_id, core::Id customer_id) override;
  core::Status UpdateInvitation(const domain::Invitation& invitation) override;
  core::Result<std::vector<domain::Invitation>> Invitations(core::Id event_id, const domain::CustomerScope& scope,
                                                            core::Id after_customer, int limit) override;
  core::Result<std::vector<domain::Invitation>> OfCustomer(core::Id customer_id) override;
  core::Result<std::vector<domain::TargetRow>> Targets(const domain::TargetQuery& query) override;

 private:
  SqlSession& s_;
};

struct RelationshipRepos {
  explicit RelationshipRepos(SqlSession& s) : subscriptions(s), winback(s), referrals(s), appreciation(s) {}
  SqlSubscriptionRepo subscriptions;
  SqlWinBackRepo winback;
  SqlReferralRepo referrals;
  SqlAppreciationRepo appreciation;
};

}  // namespace rapport::store
