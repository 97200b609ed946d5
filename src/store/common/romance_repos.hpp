// Repositories of the romance engine (migration 7), written once over SqlSession for both
// backends: interactions and the timeline, tasks, cadence rules and the touch state.
#pragma once

#include "domain/repos.hpp"
#include "store/sql/sql_session.hpp"

namespace rapport::store {

class SqlInteractionRepo final : public domain::InteractionRepo {
 public:
  explicit SqlInteractionRepo(SqlSession& s) : s_(s) {}
  core::Status Insert(domain::Interaction& i) override;
  core::Result<std::optional<domain::Interaction>> Find(core::Id id) override;
  core::Result<std::vector<domain::Interaction>> FindMany(std::span<const core::Id> ids) override;
  core::Result<std::vector<domain::Interaction>> OfCustomer(core::Id customer_id) override;
  core::Status MarkReplied(core::Id inbound_id, core::Id reply_id, core::Timestamp at) override;
  core::Result<std::vector<domain::Interaction>> AwaitingReply(core::Id customer_id) override;
  core::Result<std::pair<std::vector<domain::WaitingReply>, int>> ReplyQueue(const domain::ReplyQueueQuery& query) override;
  core::Result<std::vector<domain::ReplyFigureRow>> ReplyRows(core::Timestamp from, const domain::CustomerScope& scope) override;
  core::Result<std::vector<domain::TimelineRef>> Timeline(core::Id customer_id,
                                                          const std::optional<domain::TimelineCursor>& cursor,
                                                          int limit) override;
  core::Status RedactCustomer(core::Id customer_id, std::string_view replacement) override;

 private:
  SqlSession& s_;
};

class SqlTaskRepo final : public domain::TaskRepo {
 public:
  explicit SqlTaskRepo(SqlSession& s) : s_(s) {}
  core::Status Insert(domain::Task& task) override;
  core::Result<int> InsertGenerated(std::span<const domain::Task> tasks) override;
  core::Result<std::optional<domain::Task>> Find(core::Id id, const domain::CustomerScope& scope) override;
  core::Result<std::vector<domain::Task>> FindMany(std::span<const core::Id> ids) override;
  core::Status Update(const domain::Task& task) override;
  core::Result<std::vector<domain::Task>> List(const domain::TaskQuery& query) override;
  core::Result<std::pair<std::vector<domain::Task>, int>> OpenDue(core::Id owner_id, std::optional<core::Timestamp> from,
                                                                  core::Timestamp until, int limit) override;
  core::Result<std::map<core::Id, int>> OpenDueCounts(core::Timestamp until, std::optional<std::string> team) override;
  core::Result<std::vector<domain::Task>> OpenOf(core::Id customer_id) override;
  core::Result<std::vector<domain::Task>> OfCustomer(core::Id customer_id) override;
  core::Result<int> ReassignOpen(core::Id from, core::Id to, core::Timestamp at) override;
  core::Status RedactCustomer(core::Id customer_id, std::string_view replacement) override;

 private:
  SqlSession& s_;
};

class SqlCadenceRepo final : public domain::CadenceRepo {
 public:
  explicit SqlCadenceRepo(SqlSession& s) : s_(s) {}
  core::Result<std::vector<domain::CadenceRule>> Rules() override;
  core::Result<std::optional<domain::CadenceRule>> FindRule(core::Id id) override;
  core::Status InsertRule(domain::CadenceRule& rule) override;
  core::Status UpdateRule(const domain::CadenceRule& rule) override;
  core::Status DeleteRule(core::Id id) override;
  core::Result<std::vector<domain::CadenceFacts>> LoadFacts(const domain::CadenceSelection& selection,
                                                           const domain::CadenceNeeds& needs) override;
  core::Status SaveStates(std::span<const domain::CadenceState> states) override;
  core::Result<std::optional<domain::CadenceState>> StateOf(core::Id customer_id) override;
  core::Status Enqueue(std::span<const core::Id> customer_ids, core::Timestamp at) override;
  core::Result<std::vector<std::pair<core::Id, std::int64_t>>> Queued(int limit) override;
  core::Status Dequeue(std::span<const std::pair<core::Id, std::int64_t>> entries) override;
  core::Result<std::int64_t> QueueLength() override;
  core::Result<std::optional<std::pair<core::Id, core::Id>>> CustomerIdBounds() override;
  core::Result<std::pair<std::vector<domain::ForgottenRow>, int>> Forgotten(const domain::ForgottenQuery& query) override;
  core::Result<std::map<core::Id, int>> ForgottenCounts(core::Timestamp now, std::optional<std::string> team) override;
  core::Status RerankFromScores(core::Id after, core::Id upto) override;

 private:
  SqlSession& s_;
};

struct RomanceRepos {
  explicit RomanceRepos(SqlSession& s) : interactions(s), tasks(s), cadences(s) {}
  SqlInteractionRepo interactions;
  SqlTaskRepo tasks;
  SqlCadenceRepo cadences;
};

// "$k, $k+1, ..." binding each id of `ids` (appended to `args`); "NULL" when `ids` is empty.
std::string IdList(std::span<const core::Id> ids, SqlArgs& args);
// "<column> IN (the users of `team`)" with `team` bound (appended to `args`); "1 = 1" without one.
std::string TeamOwnersWhere(const std::optional<std::string>& team, SqlArgs& args, const char* column);

}  // namespace rapport::store
