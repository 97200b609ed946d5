// Repositories written once over SqlSession (see store/sql/sql_session.hpp), for both backends.
// SqlTxn (store/common/sql_txn.hpp) owns a CommonRepos bound to its session and hands its
// members out; a new repository is added here and there, and nowhere else in the store.
#pragma once

#include "domain/repos.hpp"
#include "store/common/account_repos.hpp"
#include "store/common/relationship_repos.hpp"
#include "store/common/romance_repos.hpp"
#include "store/common/care_repos.hpp"
#include "store/sql/sql_session.hpp"

namespace rapport::store {

class SqlProductRepo final : public domain::ProductRepo {
 public:
  explicit SqlProductRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::Product& p) override;
  core::Result<std::optional<domain::Product>> Find(core::Id id) override;
  core::Status Update(const domain::Product& p) override;
  core::Result<std::vector<domain::Product>> List(const domain::ProductQuery& query) override;

 private:
  SqlSession& s_;
};

class SqlDealRepo final : public domain::DealRepo {
 public:
  explicit SqlDealRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::Deal& deal) override;
  core::Result<std::optional<domain::Deal>> Find(core::Id id, const domain::CustomerScope& scope) override;
  core::Status Update(const domain::Deal& deal) override;
  core::Result<std::vector<domain::Deal>> List(const domain::DealQuery& query) override;
  core::Result<int> CountOpen(core::Id customer_id, core::Id except) override;
  core::Result<int> CountWon(core::Id customer_id) override;
  core::Result<domain::PipelineFigures> Figures(const domain::CustomerScope& scope,
                                                std::optional<core::Id> owner_id) override;

 private:
  SqlSession& s_;
};

class SqlOrderRepo final : public domain::OrderRepo {
 public:
  explicit SqlOrderRepo(SqlSession& s) : s_(s) {}
  core::Result<core::Id> Insert(const domain::Order& order) override;
  core::Result<std::optional<domain::Order>> Find(core::Id id, const domain::CustomerScope& scope) override;
  core::Status UpdateTotals(const domain::Order& order) override;
  core::Status AppendAdjustment(domain::OrderAdjustment& adjustment) override;
  core::Result<std::vector<domain::OrderAdjustment>> Adjustments(core::Id order_id) override;
  core::Result<std::vector<domain::Order>> List(const domain::OrderQuery& query) override;
  core::Result<std::vector<domain::Order>> OfCustomer(core::Id customer_id) override;
  core::Status RecordPurchases(core::Id customer_id, std::vector<core::Id> product_ids,
                               core::Timestamp at) override;

 private:
  core::Status LoadLines(std::vector<domain::Order>& orders);
  SqlSession& s_;
};

class SqlLoyaltyRepo final : public domain::LoyaltyRepo {
 public:
  explicit SqlLoyaltyRepo(SqlSession& s) : s_(s) {}
  core::Result<std::optional<domain::LoyaltyConfig>> LoadConfig() override;
  core::Status SaveConfig(const domain::LoyaltyConfig& config) override;
  core::Status Append(domain::LedgerEntry& entry) override;
  core::Result<std::int64_t> Balance(core::Id customer_id) override;
  core::Result<std::int64_t> PointsOfOrder(core::Id order_id) override;
  core::Result<std::vector<domain::LedgerEntry>> List(core::Id customer_id, core::Id before_id,
                                                      int limit) override;
  core::Result<int> OrdersBetween(core::Id customer_id, core::Timestamp since,
                                  core::Timestamp until) override;
  core::Result<std::vector<domain::ExpiryCandidate>> ExpiryCandidates(core::Timestamp cutoff) override;

 private:
  SqlSession& s_;
};

class SqlOutboxRepo final : public domain::OutboxRepo {
 public:
  explicit SqlOutboxRepo(SqlSession& s) : s_(s) {}
  core::Status Append(domain::DomainEvent& event) override;
  core::Result<std::vector<domain::DomainEvent>> After(core::Id after_id, std::optional<std::string> kind,
                                                       int limit) override;

 private:
  SqlSession& s_;
};

class SqlUsageRepo final : public domain::UsageRepo {
 public:
  explicit SqlUsageRepo(SqlSession& s) : s_(s) {}
  core::Status Upsert(const std::vector<domain::UsageMeasurement>& batch, core::Timestamp at) override;
  core::Result<std::vector<domain::UsageMeasurement>> OfCustomer(core::Id customer_id,
                                                                 std::optional<core::Date> since) override;
  core::Result<std::vector<core::Id>> ProductsOf(core::Id customer_id) override;
  core::Result<std::vector<domain::ProductPairCount>> PairsOf(const std::vector<core::Id>& products) override;
  core::Result<std::map<core::Id, std::int64_t>> Buyers(const std::vector<core::Id>& products) override;
  core::Result<std::int64_t> BuyingCustomers() override;

 private:
  SqlSession& s_;
};

class SqlPrivacyRepo final : public domain::PrivacyRepo {
 public:
  explicit SqlPrivacyRepo(SqlSession& s) : s_(s) {}
  core::Status RedactCustomerText(core::Id customer_id, std::string_view replacement) override;

 private:
  SqlSession& s_;
};

class SqlEconomicsRepo final : public domain::EconomicsRepo {
 public:
  explicit SqlEconomicsRepo(SqlSession& s) : s_(s) {}
  core::Status UpsertSpend(const domain::AcquisitionSpend& spend, std::optional<core::Id> by) override;
  core::Result<std::vector<domain::AcquisitionSpend>> ListSpend() override;
  core::Result<std::vector<domain::AcquiredCount>> AcquiredCounts() override;
  core::Result<std::int64_t> CountAcquired(const std::string& source, core::Timestamp from, core::Timestamp to) override;
  core::Result<core::Id> MaxCustomerId() override;
  core::Result<std::vector<domain::CustomerBasics>> CustomersBetween(core::Id after, core::Id upto) override;
  core::Result<std::vector<domain::CustomerDay>> DaysBetween(core::Id after, core::Id upto) override;
  core::Status WriteScores(std::span<const domain::CustomerScore> scores) override;
  core::Result<std::optional<domain::CustomerScore>> ScoreOf(core::Id customer_id) override;
  core::Status InsertFit(const domain::ModelFitRecord& fit) override;
  core::Result<std::int64_t> LastFitVersion() override;
  core::Result<std::vector<domain::ModelFitRecord>> FitsOf(std::int64_t version) override;
  core::Result<std::vector<domain::ScoreGroup>> ScoreGroups() override;
  core::Result<std::vector<domain::ScoreAggregate>> ScoreAggregates() override;
  core::Result<std::unordered_map<core::Id, core::Timestamp>> CreatedBetween(core::Timestamp from,
                                                                            core::Timestamp to) override;
  core::Status ScanTransitionsFrom(core::Timestamp from,
                                   const std::function<void(const domain::StageTransition&)>& visit) override;
  core::Result<domain::PAliveBins> PAliveHistogram() override;

 private:
  SqlSession& s_;
};

struct CommonRepos {
  explicit CommonRepos(SqlSession& s) : accounts(s), products(s), deals(s), orders(s), loyalty(s), outbox(s), usage(s), privacy(s), relationship(s), romance(s), care(s), economics(s) {}
  AccountRepos accounts;  // users, tokens, settings, sessions, throttles, resets, audit, jobs
  SqlProductRepo products;
  SqlDealRepo deals;
  SqlOrderRepo orders;
  SqlLoyaltyRepo loyalty;
  SqlOutboxRepo outbox;
  SqlUsageRepo usage;
  SqlPrivacyRepo privacy;
  RelationshipRepos relationship;  // subscriptions, win-back, referrals, events
  RomanceRepos romance;            // interactions, tasks, cadences
  CareRepos care;                  // cases, feedback, promises
  SqlEconomicsRepo economics;
};

// The condition limiting customers `c` to `scope`, with its parameters appended to `args`
// ("TRUE"-equivalent "1 = 1" when the scope is everyone).
std::string ScopeWhere(const domain::CustomerScope& scope, SqlArgs& args);
// "$<n>" for the next parameter after `args`.
std::string NextParam(const SqlArgs& args);

}  // namespace rapport::store
