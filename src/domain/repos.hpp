// The storage ports: one repository per aggregate, reached through a transaction (Txn).
// Implementations live in src/store/<backend>/; every SQL statement lives there.
//
// Contract for every method: a storage failure is returned as an Error (kUnavailable when the
// database is busy or unreachable, kInternal otherwise), never thrown. "Not found" is an empty
// optional, not an error.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/customer/customer.hpp"
#include "domain/customer/customer_query.hpp"
#include "domain/audit/audit.hpp"
#include "domain/auth/session.hpp"
#include "domain/deal/deal.hpp"
#include "domain/economics/economics.hpp"
#include "domain/jobs/job.hpp"
#include "domain/loyalty/loyalty.hpp"
#include "domain/order/order.hpp"
#include "domain/outbox/outbox.hpp"
#include "domain/product/product.hpp"
#include "domain/usage/usage.hpp"
#include "domain/appreciation/appreciation.hpp"
#include "domain/referral/referral.hpp"
#include "domain/subscription/subscription.hpp"
#include "domain/winback/winback.hpp"
#include "domain/cadence/cadence.hpp"
#include "domain/care/care_figures.hpp"
#include "domain/care/case.hpp"
#include "domain/care/feedback.hpp"
#include "domain/care/promise.hpp"
#include "domain/interaction/interaction.hpp"
#include "domain/task/task.hpp"
#include "domain/user/user.hpp"

namespace rapport::domain {

class CustomerRepo {
 public:
  virtual ~CustomerRepo() = default;
  // Inserts and returns the new id (customer.id is ignored).
  virtual core::Result<Id> Insert(const Customer& customer) = 0;
  // Bulk loading (demo data, imports): inserts without updating the search index, which
  // RebuildSearchIndex then builds for every row at once (several times faster than row by row).
  // Until then, new rows are not found by `q`. (PostgreSQL keeps its index row by row; there,
  // RebuildSearchIndex refreshes the planner's statistics after the load.)
  virtual core::Result<Id> InsertUnindexed(const Customer& customer) = 0;
  virtual core::Status RebuildSearchIndex() = 0;
  // The customer with `id` if `scope` may see it (archived ones included).
  virtual core::Result<std::optional<Customer>> Find(Id id, const CustomerScope& scope) = 0;
  // Replaces the row with customer.id; the caller has already bumped version.
  virtual core::Status Update(const Customer& customer) = 0;
  // Writes only the lifecycle columns of customer.id (stage, stage_changed_at, updated_at,
  // version): a stage move then leaves the other indexes, the tags and the search index alone.
  virtual core::Status UpdateStage(const Customer& customer) = 0;
  // Up to query.limit + 1 rows (the extra row tells the caller there is a next page).
  virtual core::Result<std::vector<Customer>> List(const CustomerQuery& query) = 0;
  virtual core::Status AppendTransitions(std::span<StageTransition> transitions) = 0;  // sets ids
  // A customer's transitions, oldest first, after transition id `after_id`, at most `limit`.
  virtual core::Result<std::vector<StageTransition>> History(Id customer_id, Id after_id,
                                                              int limit) = 0;
  // Gives every customer owned by `from` (archived ones too) to `to`, bumping version and
  // updated_at; returns their ids.
  virtual core::Result<std::vector<Id>> ReassignOwner(Id from, Id to, Timestamp at) = 0;
  // Erasure: replaces the free-text reason of every transition of the customer (it may name
  // people) with `replacement`; absent reasons stay absent.
  virtual core::Status RedactTransitionReasons(Id customer_id, std::string_view replacement) = 0;
  // Live customers per stage matching query's scope, owner_id, source, tag and q (the other fields
  // are ignored), with the sum of their historical value from the latest scoring run. Stages
  // without customers are absent. query.q is folded already.
  virtual core::Result<std::vector<StageCount>> StageCounts(const CustomerQuery& query) = 0;
};

class UserRepo {
 public:
  virtual ~UserRepo() = default;
  // kConflict on "email" when a user with the same (case-insensitive) email exists.
  virtual core::Result<Id> Insert(const User& user) = 0;
  virtual core::Result<std::optional<User>> Find(Id id) = 0;
  virtual core::Result<std::optional<User>> FindByEmail(std::string_view email) = 0;
  // Replaces the row with user.id (email, name, role, team, active, password_hash, updated_at).
  // kConflict on "email" as for Insert.
  virtual core::Status Update(const User& user) = 0;
  // Every user, by id. (A company has tens or hundreds of users, not millions.)
  virtual core::Result<std::vector<User>> List() = 0;
};

struct TokenOwner {
  ApiToken token;
  User user;
};

class TokenRepo {
 public:
  virtual ~TokenRepo() = default;
  virtual core::Result<Id> Insert(const ApiToken& token) = 0;
  virtual core::Result<std::optional<TokenOwner>> FindByHash(std::string_view token_hash) = 0;
  virtual core::Status TouchLastUsed(Id token_id, Timestamp at) = 0;
  virtual core::Result<std::optional<ApiToken>> Find(Id token_id) = 0;
  // Tokens of one user (or of everyone), newest first, revoked ones included.
  virtual core::Result<std::vector<ApiToken>> List(std::optional<Id> user_id) = 0;
  // Sets revoked_at on a token not yet revoked; no-op otherwise.
  virtual core::Status Revoke(Id token_id, Timestamp at) = 0;
  // Revokes every live token of a user; returns how many.
  virtual core::Result<int> RevokeAllOf(Id user_id, Timestamp at) = 0;
};

struct SessionOwner {
  Session session;
  User user;
};

class SessionRepo {
 public:
  virtual ~SessionRepo() = default;
  virtual core::Result<Id> Insert(const Session& session) = 0;
  virtual core::Result<std::optional<SessionOwner>> FindByHash(std::string_view token_hash) = 0;
  virtual core::Status Touch(Id session_id, Timestamp at) = 0;  // last_seen_at
  virtual core::Status End(Id session_id, Timestamp at) = 0;    // ended_at, if not ended
  virtual core::Result<int> EndAllOf(Id user_id, Timestamp at) = 0;
  // Removes sessions that ended or expired before `before`; returns how many.
  virtual core::Result<int> DeleteExpired(Timestamp before) = 0;
};

class LoginThrottleRepo {
 public:
  virtual ~LoginThrottleRepo() = default;
  virtual core::Result<std::optional<LoginThrottle>> Get(std::string_view key) = 0;
  virtual core::Status Put(const LoginThrottle& throttle) = 0;  // insert or replace
  virtual core::Status Clear(std::string_view key) = 0;
  // Removes counters whose last failure and lockout both ended before `before`; returns how many.
  virtual core::Result<int> DeleteStale(Timestamp before) = 0;
};

class PasswordResetRepo {
 public:
  virtual ~PasswordResetRepo() = default;
  virtual core::Result<Id> Insert(const PasswordReset& reset) = 0;
  virtual core::Result<std::optional<PasswordReset>> FindByHash(std::string_view token_hash) = 0;
  // Marks every unused ticket of the user used (a ticket works once; a new password voids the rest).
  virtual core::Status UseAllOf(Id user_id, Timestamp at) = 0;
};

class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  virtual core::Status Append(const AuditEntry& entry) = 0;
  // Newest first, at most query.limit + 1 entries (the extra one says there is a next page).
  virtual core::Result<std::vector<AuditEntry>> List(const AuditQuery& query) = 0;
  // Entries at or after `from` about an entity of one of `entity_types`, counted up to `at_most`
  // (the count stops there: the cost is bounded however many there are).
  virtual core::Result<std::int64_t> CountSince(Timestamp from, std::span<const std::string> entity_types,
                                                std::int64_t at_most) = 0;
  // Erasure: in every entry about `customer_id`, replaces the before/after values of each field
  // not in `keep_fields` with `replacement` (absent values stay absent) and clears `detail`.
  virtual core::Status RedactCustomer(Id customer_id, std::span<const std::string_view> keep_fields,
                                      std::string_view replacement) = 0;
};

// Workspace-wide settings (the currency chosen at install, ...).
class SettingsRepo {
 public:
  virtual ~SettingsRepo() = default;
  virtual core::Result<std::optional<std::string>> Get(std::string_view key) = 0;
  virtual core::Status Set(std::string_view key, std::string_view value) = 0;
};

class JobRepo {
 public:
  virtual ~JobRepo() = default;
  // Claims job `name` for `holder` until `lease_until` if it is due (next_run_at <= now) and no
  // live lease holds it (a lapsed lease counts as free). Creates the job, due at once, when it is
  // missing. True when `holder` now holds it. Atomic against concurrent claims on any backend.
  virtual core::Result<bool> Claim(std::string_view name, std::string_view holder, Timestamp now,
                                   Timestamp lease_until) = 0;
  // Ends `holder`'s run: releases the lease, records the run, schedules the next. False (and
  // nothing changes) when `holder` no longer holds the job: its lease lapsed and another took it.
  virtual core::Result<bool> Finish(std::string_view name, std::string_view holder, Timestamp now,
                                    Timestamp next_run_at) = 0;
  // Moves the lease of `holder` to `lease_until` (a long run keeps its job). False when `holder`
  // no longer holds the job.
  virtual core::Result<bool> Extend(std::string_view name, std::string_view holder, Timestamp lease_until) = 0;
  virtual core::Result<std::vector<JobState>> List() = 0;  // by name
  // Makes job `name` due at `at` when it is due later (a run asked for before its period ends);
  // a missing job is created due then. True when next_run_at moved. A run in progress finishes
  // and then schedules its next run as usual (Finish overwrites next_run_at).
  virtual core::Result<bool> RequestRun(std::string_view name, Timestamp at) = 0;
};

// Erasure across the commerce and relationship records of a customer.
class PrivacyRepo {
 public:
  virtual ~PrivacyRepo() = default;
  // Replaces the free text that may name people (deal titles and lost reasons, refund and
  // cancellation reasons, loyalty reasons, subscription cancel reasons, referral notes in both
  // directions, win-back offer descriptions) with `replacement`; absent values stay absent.
  // Amounts, dates, stages and ids stay: the economics must not change.
  virtual core::Status RedactCustomerText(Id customer_id, std::string_view replacement) = 0;
};

// Inbound messages waiting for a reply, with the customer's owner.
struct WaitingReply {
  Interaction message;
  Id owner_id = 0;
  std::string customer_name;
};
struct ReplyQueueQuery {
  CustomerScope scope;
  std::optional<Id> owner_id;
  std::optional<Timestamp> due_before;  // reply_due_at < this
  int limit = 50;
};
// An answered (or still waiting) message for the response-time figures.
struct ReplyFigureRow {
  Id owner_id = 0;
  std::string channel;  // the interaction kind: email, call, social, ...
  Timestamp at, reply_due_at;
  std::optional<Timestamp> replied_at;
};

// One entry of a customer's timeline, before its details are read.
enum class TimelineType { kInteraction, kStageChange, kTask, kOrder, kCase, kFeedback, kPromise };
struct TimelineRef {
  TimelineType type = TimelineType::kInteraction;
  Id id = 0;
  Timestamp at;
};
struct TimelineCursor {  // the last entry of the previous page
  Timestamp at;
  TimelineType type = TimelineType::kInteraction;
  Id id = 0;
};

class InteractionRepo {
 public:
  virtual ~InteractionRepo() = default;
  virtual core::Status Insert(Interaction& interaction) = 0;  // sets id
  virtual core::Result<std::optional<Interaction>> Find(Id id) = 0;
  virtual core::Result<std::vector<Interaction>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Result<std::vector<Interaction>> OfCustomer(Id customer_id) = 0;  // oldest first
  // Closes inbound message `inbound_id` with reply `reply_id`.
  virtual core::Status MarkReplied(Id inbound_id, Id reply_id, Timestamp at) = 0;
  // The customer's inbound messages still waiting for a reply, by reply_due_at.
  virtual core::Result<std::vector<Interaction>> AwaitingReply(Id customer_id) = 0;
  // Messages waiting for a reply in the query's scope, by reply_due_at: at most limit + 1; and
  // how many wait in all.
  virtual core::Result<std::pair<std::vector<WaitingReply>, int>> ReplyQueue(const ReplyQueueQuery& query) = 0;
  // Messages that needed a reply, received at or after `from`, in `scope`.
  virtual core::Result<std::vector<ReplyFigureRow>> ReplyRows(Timestamp from, const CustomerScope& scope) = 0;
  // A page of the customer's timeline (interactions, stage changes, tasks, orders), newest
  // first, after `cursor`: at most `limit` + 1 entries.
  virtual core::Result<std::vector<TimelineRef>> Timeline(Id customer_id, const std::optional<TimelineCursor>& cursor,
                                                          int limit) = 0;
  // Erasure: replaces summaries, bodies and channel details with `replacement`.
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;
};

class TaskRepo {
 public:
  virtual ~TaskRepo() = default;
  virtual core::Status Insert(Task& task) = 0;  // sets id
  // Inserts the generated tasks whose source_key is new; returns how many were inserted.
  virtual core::Result<int> InsertGenerated(std::span<const Task> tasks) = 0;
  virtual core::Result<std::optional<Task>> Find(Id id, const CustomerScope& scope) = 0;
  virtual core::Result<std::vector<Task>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Status Update(const Task& task) = 0;
  // At most query.limit + 1 tasks (see TaskQuery for the order).
  virtual core::Result<std::vector<Task>> List(const TaskQuery& query) = 0;
  // Open tasks of `owner_id` due in [from, until) (no `from`: any time before), by due_at, at most
  // `limit`; and how many there are.
  virtual core::Result<std::pair<std::vector<Task>, int>> OpenDue(Id owner_id, std::optional<Timestamp> from,
                                                                 Timestamp until, int limit) = 0;
  // Per owner: open tasks due before `until` (owners with none are left out).
  virtual core::Result<std::map<Id, int>> OpenDueCounts(Timestamp until, std::optional<std::string> team) = 0;
  virtual core::Result<std::vector<Task>> OpenOf(Id customer_id) = 0;  // by due_at
  virtual core::Result<std::vector<Task>> OfCustomer(Id customer_id) = 0;  // every task, by id
  // Gives every open task of `from` to `to` (bumping version); returns how many.
  virtual core::Result<int> ReassignOpen(Id from, Id to, Timestamp at) = 0;
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;  // titles, notes
};

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

// Care (store/common): complaint cases, feedback, promises.
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

struct FeedbackQuery {
  CustomerScope scope;
  std::optional<Id> customer_id, owner_id;
  std::optional<FeedbackKind> kind;
  std::optional<Timestamp> from, to;  // at in [from, to)
  int limit = 50;
  Id before_id = 0;  // newest first
};

// NPS and CSAT figures: the answers of each group, counted per score.
enum class FeedbackGrouping { kNone, kDay, kOwner, kProduct, kSource, kStage };
struct FeedbackGroupRow {
  std::string key;  // the day number, owner id, product id, source or stage ("" when none)
  std::array<int, 11> by_score{};
};

class FeedbackRepo {
 public:
  virtual ~FeedbackRepo() = default;
  virtual core::Status Insert(Feedback& f) = 0;  // sets id
  virtual core::Result<std::optional<Feedback>> Find(Id id) = 0;
  virtual core::Result<std::vector<Feedback>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Status SetOpenedCase(Id feedback_id, Id case_id) = 0;
  virtual core::Result<std::vector<Feedback>> List(const FeedbackQuery& query) = 0;  // at most limit + 1
  virtual core::Result<std::vector<Feedback>> OfCustomer(Id customer_id) = 0;
  // Answers of `kind` (nps or csat) in the query's period and scope, grouped.
  virtual core::Result<std::vector<FeedbackGroupRow>> Groups(const FeedbackQuery& query, FeedbackGrouping by) = 0;
  // The customer's latest NPS answer, if any.
  virtual core::Result<std::optional<Feedback>> LatestNps(Id customer_id) = 0;
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;
};

struct PromiseQuery {
  CustomerScope scope;
  std::optional<Id> customer_id, case_id, promised_by;
  std::optional<PromiseStatus> status;
  std::optional<Timestamp> due_before;
  int limit = 50;
  Id before_id = 0;  // newest first
};
struct PromiseCounts {
  int open = 0, kept = 0, broken = 0, cancelled = 0;
};

class PromiseRepo {
 public:
  virtual ~PromiseRepo() = default;
  virtual core::Status Insert(Promise& p) = 0;  // sets id
  virtual core::Result<std::optional<Promise>> Find(Id id, const CustomerScope& scope) = 0;
  virtual core::Result<std::vector<Promise>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Status Update(const Promise& p) = 0;
  virtual core::Result<std::vector<Promise>> List(const PromiseQuery& query) = 0;  // at most limit + 1
  virtual core::Result<std::vector<Promise>> OfCustomer(Id customer_id) = 0;
  // Marks every open promise due before `now` broken (automatically), at most `limit`; returns them.
  virtual core::Result<std::vector<Promise>> BreakOverdue(Timestamp now, int limit) = 0;
  // Per person who promised, in `scope`; `customer_id` narrows to one customer.
  virtual core::Result<std::map<Id, PromiseCounts>> CountsByPromiser(const CustomerScope& scope,
                                                                     std::optional<Id> customer_id) = 0;
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;
};


// Customer economics (migration 9): acquisition spend, the scores of every customer, model fits,
// and the order figures scoring reads.
class EconomicsRepo {
 public:
  virtual ~EconomicsRepo() = default;
  virtual core::Status UpsertSpend(const AcquisitionSpend& spend, std::optional<Id> by) = 0;
  virtual core::Result<std::vector<AcquisitionSpend>> ListSpend() = 0;  // by source, period
  // Customers created per (source, UTC month).
  virtual core::Result<std::vector<AcquiredCount>> AcquiredCounts() = 0;
  // Customers of `source` ("" for none) created in [from, to).
  virtual core::Result<std::int64_t> CountAcquired(const std::string& source, Timestamp from, Timestamp to) = 0;
  virtual core::Result<Id> MaxCustomerId() = 0;
  // Customers with after < id <= upto, by id.
  virtual core::Result<std::vector<CustomerBasics>> CustomersBetween(Id after, Id upto) = 0;
  // Purchase days of the customers with after < id <= upto (non-cancelled orders net of refunds,
  // one row per customer and UTC day), by customer then day.
  virtual core::Result<std::vector<CustomerDay>> DaysBetween(Id after, Id upto) = 0;
  // Writes (replaces) these customers' scores; the replaced p_alive becomes previous_p_alive.
  virtual core::Status WriteScores(std::span<const CustomerScore> scores) = 0;
  virtual core::Result<std::optional<CustomerScore>> ScoreOf(Id customer_id) = 0;
  virtual core::Status InsertFit(const ModelFitRecord& fit) = 0;
  virtual core::Result<std::int64_t> LastFitVersion() = 0;  // 0 before any run
  virtual core::Result<std::vector<ModelFitRecord>> FitsOf(std::int64_t version) = 0;
  // The stored histories grouped (customers with orders).
  virtual core::Result<std::vector<ScoreGroup>> ScoreGroups() = 0;
  virtual core::Result<std::vector<ScoreAggregate>> ScoreAggregates() = 0;
};

// A unit of work: repositories bound to one open transaction. Not thread-safe; used only inside
// the Store callback that handed it out.
class Txn {
 public:
  virtual ~Txn() = default;
  virtual CustomerRepo& Customers() = 0;
  virtual UserRepo& Users() = 0;
  virtual TokenRepo& Tokens() = 0;
  virtual SettingsRepo& Settings() = 0;
  virtual SessionRepo& Sessions() = 0;
  virtual LoginThrottleRepo& LoginThrottles() = 0;
  virtual PasswordResetRepo& PasswordResets() = 0;
  virtual AuditRepo& Audit() = 0;
  virtual JobRepo& Jobs() = 0;
  // Commerce (store/common: one implementation for both backends).
  virtual ProductRepo& Products() = 0;
  virtual DealRepo& Deals() = 0;
  virtual OrderRepo& Orders() = 0;
  virtual LoyaltyRepo& Loyalty() = 0;
  virtual OutboxRepo& Outbox() = 0;
  virtual UsageRepo& Usage() = 0;
  virtual PrivacyRepo& Privacy() = 0;
  // Relationship records (store/common): subscriptions, win-back offers, referrals, events.
  virtual SubscriptionRepo& Subscriptions() = 0;
  virtual WinBackRepo& WinBack() = 0;
  virtual ReferralRepo& Referrals() = 0;
  virtual AppreciationRepo& Appreciation() = 0;
  // The romance engine (store/common): timeline, tasks, cadences.
  virtual InteractionRepo& Interactions() = 0;
  virtual TaskRepo& Tasks() = 0;
  virtual CadenceRepo& Cadences() = 0;
  // Care (store/common): cases, feedback, promises.
  virtual CaseRepo& Cases() = 0;
  virtual FeedbackRepo& Feedback() = 0;
  virtual PromiseRepo& Promises() = 0;
  // Economics (store/common).
  virtual EconomicsRepo& Economics() = 0;
};

// The store: runs work inside transactions. Thread-safe: any thread may call Read/Write.
class Store {
 public:
  using Work = std::function<core::Status(Txn&)>;
  virtual ~Store() = default;
  // Runs `work` on a consistent snapshot. Writes inside it are an error.
  virtual core::Status Read(const Work& work) = 0;
  // Runs `work` in a transaction. Returns only after the transaction is durably committed (or
  // rolled back when `work` fails: then its error is returned and nothing it did remains).
  // Concurrent writes may be committed together (group commit); each one is isolated.
  virtual core::Status Write(const Work& work) = 0;
  // Makes data deleted or overwritten by committed writes unrecoverable from the database's files
  // (SQLite: deleted content is zeroed on write (secure_delete); this checkpoints and truncates
  // the WAL, which still holds old page images. PostgreSQL: VACUUMs the given tables so dead row
  // versions are gone). Used after erasing a customer's personal data.
  virtual core::Status PurgeDeletedData(std::span<const std::string_view> tables) = 0;
};

// Helpers that carry a value out of a Read/Write.
template <typename T, typename F>
core::Result<T> ReadValue(Store& store, F&& f) {
  std::optional<T> out;
  auto st = store.Read([&](Txn& txn) -> core::Status {
    auto r = f(txn);
    if (!r) return core::Fail(std::move(r.error()));
    out.emplace(std::move(*r));
    return {};
  });
  if (!st) return core::Fail(std::move(st.error()));
  return std::move(*out);
}

template <typename T, typename F>
core::Result<T> WriteValue(Store& store, F&& f) {
  std::optional<T> out;
  auto st = store.Write([&](Txn& txn) -> core::Status {
    auto r = f(txn);
    if (!r) return core::Fail(std::move(r.error()));
    out.emplace(std::move(*r));
    return {};
  });
  if (!st) return core::Fail(std::move(st.error()));
  return std::move(*out);
}

}  // namespace rapport::domain
