// Repositories of care (migration 8), written once over SqlSession for both backends: complaint
// cases with their history and deadline policy, feedback, promises.
#pragma once

#include "domain/repos.hpp"
#include "store/sql/sql_session.hpp"

namespace rapport::store {

class SqlCaseRepo final : public domain::CaseRepo {
 public:
  explicit SqlCaseRepo(SqlSession& s) : s_(s) {}
  core::Status Insert(domain::Case& c) override;
  core::Result<std::optional<domain::Case>> Find(core::Id id, const domain::CustomerScope& scope) override;
  core::Result<std::vector<domain::Case>> FindMany(std::span<const core::Id> ids) override;
  core::Status Update(const domain::Case& c) override;
  core::Result<std::vector<domain::Case>> List(const domain::CaseQuery& query) override;
  core::Result<std::vector<domain::Case>> OfCustomer(core::Id customer_id) override;
  core::Status AppendEvent(domain::CaseEvent& e) override;
  core::Result<std::vector<domain::CaseEvent>> Events(core::Id case_id) override;
  core::Result<domain::CasePolicy> Policy() override;
  core::Status SavePolicy(const domain::CasePolicy& policy) override;
  core::Status AddFigureRows(core::Timestamp from, const domain::CustomerScope& scope,
                             domain::CaseDashboardBuilder& into) override;
  core::Result<std::vector<core::Id>> ReassignActive(core::Id from, core::Id to, core::Timestamp at) override;
  core::Status RedactCustomer(core::Id customer_id, std::string_view replacement) override;

 private:
  SqlSession& s_;
};

class SqlFeedbackRepo final : public domain::FeedbackRepo {
 public:
  explicit SqlFeedbackRepo(SqlSession& s) : s_(s) {}
  core::Status Insert(domain::Feedback& f) override;
  core::Result<std::optional<domain::Feedback>> Find(core::Id id) override;
  core::Result<std::vector<domain::Feedback>> FindMany(std::span<const core::Id> ids) override;
  core::Status SetOpenedCase(core::Id feedback_id, core::Id case_id) override;
  core::Result<std::vector<domain::Feedback>> List(const domain::FeedbackQuery& query) override;
  core::Result<std::vector<domain::Feedback>> OfCustomer(core::Id customer_id) override;
  core::Result<std::vector<domain::FeedbackGroupRow>> Groups(const domain::FeedbackQuery& query,
                                                             domain::FeedbackGrouping by) override;
  core::Result<std::optional<domain::Feedback>> LatestNps(core::Id customer_id) override;
  core::Status RedactCustomer(core::Id customer_id, std::string_view replacement) override;

 private:
  SqlSession& s_;
};

class SqlPromiseRepo final : public domain::PromiseRepo {
 public:
  explicit SqlPromiseRepo(SqlSession& s) : s_(s) {}
  core::Status Insert(domain::Promise& p) override;
  core::Result<std::optional<domain::Promise>> Find(core::Id id, const domain::CustomerScope& scope) override;
  core::Result<std::vector<domain::Promise>> FindMany(std::span<const core::Id> ids) override;
  core::Status Update(const domain::Promise& p) override;
  core::Result<std::vector<domain::Promise>> List(const domain::PromiseQuery& query) override;
  core::Result<std::vector<domain::Promise>> OfCustomer(core::Id customer_id) override;
  core::Result<std::vector<domain::Promise>> BreakOverdue(core::Timestamp now, int limit) override;
  core::Result<std::map<core::Id, domain::PromiseCounts>> CountsByPromiser(const domain::CustomerScope& scope,
                                                                          std::optional<core::Id> customer_id) override;
  core::Status RedactCustomer(core::Id customer_id, std::string_view replacement) override;

 private:
  SqlSession& s_;
};

// "(SELECT c.id FROM customers c WHERE <scope>)": the ids of the customers in `scope`, for
// "customer_id IN ..." (a rep's few thousand customers become one lookup table, instead of a join
// of every row with the customers table).
std::string ScopedCustomerIds(const domain::CustomerScope& scope, SqlArgs& args);

struct CareRepos {
  explicit CareRepos(SqlSession& s) : cases(s), feedback(s), promises(s) {}
  SqlCaseRepo cases;
  SqlFeedbackRepo feedback;
  SqlPromiseRepo promises;
};

}  // namespace rapport::store
