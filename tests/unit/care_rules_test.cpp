// Care's pure rules (issue 7): the case status machine (every allowed and refused move),
// deadlines from the policy, NPS and CSAT arithmetic on known sets, percentiles, the dashboard's
// breach, age and transfer counts, reply figures, which feedback opens a case.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include <set>

#include "domain/care/care_figures.hpp"
#include "domain/care/case.hpp"
#include "domain/care/feedback.hpp"
#include "domain/care/feedback_service.hpp"
#include "domain/care/promise.hpp"
#include "domain/care/reply_service.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kMin = 60'000;
constexpr std::int64_t kDay = core::kMsPerDay;
constexpr CaseStatus kAll[] = {CaseStatus::kOpen, CaseStatus::kInProgress, CaseStatus::kResolved, CaseStatus::kClosed};

TEST(CaseStatusMachine, EveryMoveIsAllowedOrRefusedAsSpecified) {
  const std::set<std::pair<CaseStatus, CaseStatus>> allowed = {
      {CaseStatus::kOpen, CaseStatus::kInProgress},   {CaseStatus::kOpen, CaseStatus::kResolved},
      {CaseStatus::kInProgress, CaseStatus::kResolved}, {CaseStatus::kResolved, CaseStatus::kClosed},
      {CaseStatus::kResolved, CaseStatus::kOpen},     {CaseStatus::kClosed, CaseStatus::kOpen}};
  int checked = 0;
  for (auto from : kAll)
    for (auto to : kAll) {
      auto st = CheckMove(7, from, to);
      const bool expect = allowed.contains({from, to});
      EXPECT_EQ(static_cast<bool>(st), expect) << CaseStatusName(from) << " -> " << CaseStatusName(to);
      if (!st) {
        EXPECT_EQ(st.error().code, core::ErrorCode::kConflict);
        EXPECT_NE(st.error().message.find("case 7 is " + std::string(CaseStatusName(from))), std::string::npos) << st.error().message;
      }
      ++checked;
    }
  EXPECT_EQ(checked, 16);
}

TEST(CaseStatusMachine, MovesRecordTheirTimesAndReopeningsAreCounted) {
  Case c;
  c.opened_at = Timestamp{1000};
  ApplyMove(c, CaseStatus::kInProgress, Timestamp{2000});
  EXPECT_EQ(c.in_progress_at, Timestamp{2000});
  EXPECT_FALSE(c.first_response_at) << "working on it is not an answer to the customer";
  ApplyMove(c, CaseStatus::kResolved, Timestamp{3000});
  EXPECT_EQ(c.resolved_at, Timestamp{3000});
  EXPECT_EQ(c.first_response_at, Timestamp{3000}) << "a resolution without an earlier answer is the first response";
  ApplyMove(c, CaseStatus::kClosed, Timestamp{4000});
  EXPECT_EQ(c.closed_at, Timestamp{4000});
  ApplyMove(c, CaseStatus::kOpen, Timestamp{5000});
  EXPECT_EQ(c.status, CaseStatus::kOpen);
  EXPECT_EQ(c.reopen_count, 1);
  EXPECT_FALSE(c.resolved_at);
  EXPECT_FALSE(c.closed_at);
  EXPECT_EQ(c.in_progress_at, Timestamp{2000}) << "the first start is kept";
}

TEST(CaseDeadlines, ComeFromThePolicyOfTheSeverityCountedFromTheOpening) {
  const auto policy = DefaultCasePolicy();
  ASSERT_EQ(policy.size(), 4u);
  EXPECT_EQ(DeadlinesFor(policy, CaseSeverity::kUrgent).respond_minutes, 60);
  EXPECT_EQ(DeadlinesFor(policy, CaseSeverity::kUrgent).resolve_minutes, 24 * 60);
  EXPECT_EQ(DeadlinesFor(policy, CaseSeverity::kLow).resolve_minutes, 14 * 24 * 60);
  Case c;
  c.opened_at = Timestamp{10 * kDay};
  std::map<std::string, std::string> errors;
  CaseInput in;
  in.severity = std::optional<std::string>("high");
  ApplyCaseFields(c, in, policy, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(c.respond_by.ms, 10 * kDay + 4 * 60 * kMin);
  EXPECT_EQ(c.resolve_by.ms, 13 * kDay);
  // A custom policy, then a severity change: deadlines move, still from the opening.
  CasePolicy custom = policy;
  for (auto& d : custom)
    if (d.severity == CaseSeverity::kUrgent) d = {CaseSeverity::kUrgent, 15, 120};
  in.severity = std::optional<std::string>("urgent");
  ApplyCaseFields(c, in, custom, errors);
  EXPECT_EQ(c.respond_by.ms, 10 * kDay + 15 * kMin);
  EXPECT_EQ(c.resolve_by.ms, 10 * kDay + 120 * kMin);
  in.severity = std::optional<std::string>("critical");
  in.channel = std::optional<std::string>("pigeon");
  ApplyCaseFields(c, in, custom, errors);
  EXPECT_TRUE(errors.contains("severity"));
  EXPECT_TRUE(errors.contains("channel"));
}

TEST(CaseDeadlines, BreachesAreJudgedAtTheAnswerOrNow) {
  Case c;
  c.opened_at = Timestamp{0};
  c.respond_by = Timestamp{100};
  c.resolve_by = Timestamp{1000};
  EXPECT_FALSE(c.ResponseBreached(Timestamp{50}));
  EXPECT_TRUE(c.ResponseBreached(Timestamp{150})) << "no answer and past the deadline";
  c.first_response_at = Timestamp{90};
  EXPECT_FALSE(c.ResponseBreached(Timestamp{5000})) << "answered in time stays in time";
  c.status = CaseStatus::kResolved;
  c.resolved_at = Timestamp{1200};
  EXPECT_TRUE(c.ResolutionBreached(Timestamp{1300}));
  c.resolved_at = Timestamp{900};
  EXPECT_FALSE(c.ResolutionBreached(Timestamp{99999}));
}

TEST(Nps, ArithmeticOnAKnownSet) {
  NpsTally t;
  EXPECT_FALSE(t.Score()) << "no answers, no score";
  // 4 promoters (9, 10, 10, 9), 3 passives (7, 8, 8), 3 detractors (0, 5, 6): (4 - 3) / 10 = 10.
  for (int s : {9, 10, 10, 9, 7, 8, 8, 0, 5, 6}) t.Add(s);
  EXPECT_EQ(t.promoters, 4);
  EXPECT_EQ(t.passives, 3);
  EXPECT_EQ(t.detractors, 3);
  ASSERT_TRUE(t.Score());
  EXPECT_DOUBLE_EQ(*t.Score(), 10.0);
  NpsTally all_detractors;
  for (int s : {0, 1, 6}) all_detractors.Add(s);
  EXPECT_DOUBLE_EQ(*all_detractors.Score(), -100.0);
  EXPECT_EQ(NpsGroupOf(6), NpsGroup::kDetractor);
  EXPECT_EQ(NpsGroupOf(7), NpsGroup::kPassive);
  EXPECT_EQ(NpsGroupOf(9), NpsGroup::kPromoter);
}

TEST(Nps, FiguresFoldDaysIntoMonthsAndComputeCsat) {
  // Day 20392 is 2025-10-31, 20393 is 2025-11-01.
  FeedbackGroupRow oct{"20392", {}}, nov1{"20393", {}}, nov2{"20400", {}};
  oct.by_score[10] = 2;
  oct.by_score[3] = 1;
  nov1.by_score[9] = 1;
  nov2.by_score[6] = 1;
  auto f = BuildFeedbackFigures(FeedbackKind::kNps, FeedbackFigureBy::kMonth, {oct, nov1, nov2});
  ASSERT_EQ(f.groups.size(), 2u);
  EXPECT_EQ(f.groups[0].key, "2025-10");
  EXPECT_NEAR(*f.groups[0].nps.Score(), 100.0 * (2 - 1) / 3, 1e-9);
  EXPECT_EQ(f.groups[1].key, "2025-11");
  EXPECT_EQ(f.groups[1].responses, 2);
  EXPECT_DOUBLE_EQ(*f.groups[1].nps.Score(), 0.0);

  FeedbackGroupRow csat{"", {}};
  csat.by_score[5] = 3;
  csat.by_score[4] = 1;
  csat.by_score[1] = 1;
  auto c = BuildFeedbackFigures(FeedbackKind::kCsat, FeedbackFigureBy::kSource, {csat});
  ASSERT_EQ(c.groups.size(), 1u);
  EXPECT_DOUBLE_EQ(*c.groups[0].csat_average, (15.0 + 4 + 1) / 5);
  EXPECT_DOUBLE_EQ(*c.groups[0].csat_satisfied_share, 0.8);
}

TEST(Feedback, ValidationAndWhichAnswersOpenACase) {
  FeedbackInput in;
  in.customer_id = 1;
  in.kind = "nps";
  in.score = 11;
  auto bad = BuildFeedback(in, 1, Timestamp{0});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().fields.contains("score"));
  in.kind = "free";
  in.score.reset();
  bad = BuildFeedback(in, 1, Timestamp{0});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().fields.contains("comment")) << "free feedback says something";
  in.kind = "csat";
  bad = BuildFeedback(in, 1, Timestamp{0});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().fields.contains("score"));

  CareSettings s;
  Feedback f;
  f.kind = FeedbackKind::kNps;
  f.score = 6;
  EXPECT_TRUE(OpensCase(s, f));
  f.score = 7;
  EXPECT_FALSE(OpensCase(s, f));
  f.kind = FeedbackKind::kCsat;
  f.score = 2;
  EXPECT_TRUE(OpensCase(s, f));
  f.case_id = 5;
  EXPECT_FALSE(OpensCase(s, f)) << "feedback about a case opens no other";
  f.case_id.reset();
  s.detractor_opens_case = false;
  EXPECT_FALSE(OpensCase(s, f));
}

TEST(Promises, CloseOnceAndStayClosed) {
  Promise p;
  p.id = 3;
  ASSERT_TRUE(ClosePromise(p, PromiseStatus::kKept, Timestamp{500}));
  EXPECT_EQ(p.status, PromiseStatus::kKept);
  EXPECT_EQ(p.kept_at, Timestamp{500});
  EXPECT_EQ(p.version, 2);
  auto again = ClosePromise(p, PromiseStatus::kBroken, Timestamp{600});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  Promise q;
  auto reopen = ClosePromise(q, PromiseStatus::kOpen, Timestamp{1});
  ASSERT_FALSE(reopen);
  EXPECT_EQ(reopen.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(CareFigures, PercentilesInterpolateBetweenRanks) {
  std::vector<std::int64_t> v{40, 10, 30, 20};
  EXPECT_DOUBLE_EQ(*Percentile(v, 0.5), 25.0);
  EXPECT_DOUBLE_EQ(*Percentile(v, 0.9), 37.0);  // rank 2.7: 30 + 0.7 * 10
  std::vector<std::int64_t> one{7};
  EXPECT_DOUBLE_EQ(*Percentile(one, 0.9), 7.0);
  std::vector<std::int64_t> none;
  EXPECT_FALSE(Percentile(none, 0.5));
}

TEST(CareFigures, MedianAndP90AgreeWithASortedCopy) {
  std::mt19937_64 rng(7);
  for (std::size_t n : {1u, 2u, 3u, 10u, 11u, 1000u, 1001u}) {
    std::vector<std::int64_t> v(n);
    for (auto& x : v) x = static_cast<std::int64_t>(rng() % 500) * kMin;  // many ties
    auto sorted = v;
    std::sort(sorted.begin(), sorted.end());
    auto at = [&](double p) {
      const double rank = p * static_cast<double>(n - 1);
      const auto lo = static_cast<std::size_t>(rank);
      const auto hi = std::min(lo + 1, n - 1);
      return static_cast<double>(sorted[lo]) + (rank - static_cast<double>(lo)) * static_cast<double>(sorted[hi] - sorted[lo]);
    };
    const auto s = StatsOf(v);
    EXPECT_EQ(s.count, static_cast<int>(n));
    EXPECT_DOUBLE_EQ(*s.median_minutes, at(0.5) / kMin) << n;
    EXPECT_DOUBLE_EQ(*s.p90_minutes, at(0.9) / kMin) << n;
  }
  EXPECT_FALSE(StatsOf({}).median_minutes);
}

TEST(CareFigures, DashboardCountsBreachesAgesAndTransfers) {
  const Timestamp now{100 * kDay};
  auto row = [&](Id owner, std::string channel, CaseStatus status, std::int64_t opened_days_ago, int transfers) {
    CaseFigureRow r;
    r.owner_id = owner;
    r.channel = std::move(channel);
    r.status = status;
    r.opened_at = Timestamp{now.ms - opened_days_ago * kDay};
    r.respond_by = Timestamp{r.opened_at.ms + kDay};
    r.resolve_by = Timestamp{r.opened_at.ms + 7 * kDay};
    r.transfer_count = transfers;
    return r;
  };
  std::vector<CaseFigureRow> rows;
  auto a = row(1, "email", CaseStatus::kResolved, 10, 0);  // answered in 2 h, resolved in 2 days
  a.first_response_at = Timestamp{a.opened_at.ms + 120 * kMin};
  a.resolved_at = Timestamp{a.opened_at.ms + 2 * kDay};
  rows.push_back(a);
  auto b = row(1, "phone", CaseStatus::kClosed, 20, 3);  // answered late (3 days), resolved late (9 days)
  b.first_response_at = Timestamp{b.opened_at.ms + 3 * kDay};
  b.resolved_at = Timestamp{b.opened_at.ms + 9 * kDay};
  rows.push_back(b);
  rows.push_back(row(2, "email", CaseStatus::kOpen, 2, 1));       // no answer, past respond_by
  rows.push_back(row(2, "email", CaseStatus::kInProgress, 0, 0));  // opened now
  rows.push_back(row(3, "web", CaseStatus::kOpen, 400, 0));        // old, before the period
  auto d = BuildCaseDashboard(rows, Timestamp{now.ms - 90 * kDay}, now);
  EXPECT_EQ(d.open_total, 3);
  EXPECT_EQ(d.open_by_severity_age["normal"]["1_3d"], 1);
  EXPECT_EQ(d.open_by_severity_age["normal"]["under_1d"], 1);
  EXPECT_EQ(d.open_by_severity_age["normal"]["over_30d"], 1);
  EXPECT_EQ(d.overall.cases, 4) << "the 400-day-old case counts as open, not in the period";
  EXPECT_EQ(d.overall.resolved, 2);
  EXPECT_EQ(d.overall.response_breaches, 2);    // b late, the 2-day-old one unanswered
  EXPECT_EQ(d.overall.resolution_breaches, 1);  // b
  EXPECT_EQ(d.overall.transfers, 4);
  EXPECT_EQ(d.overall.transferred_cases, 2);
  EXPECT_EQ(d.overall.max_transfers, 3);
  EXPECT_EQ(d.transfer_distribution["0"], 2);
  EXPECT_EQ(d.transfer_distribution["1"], 1);
  EXPECT_EQ(d.transfer_distribution["3+"], 1);
  ASSERT_TRUE(d.by_owner[1].first_response.median_minutes);
  EXPECT_DOUBLE_EQ(*d.by_owner[1].first_response.median_minutes, (120.0 + 3 * 24 * 60) / 2);
  EXPECT_DOUBLE_EQ(*d.by_owner[1].resolution.median_minutes, 5.5 * 24 * 60);
  EXPECT_EQ(d.by_channel["email"].cases, 3);
  EXPECT_EQ(d.by_owner[3].open, 1);
  EXPECT_EQ(d.by_owner[3].cases, 0);
}

TEST(CareFigures, ReplyFiguresPerChannelAndOwner) {
  const Timestamp now{10 * kDay};
  std::vector<ReplyFigureRow> rows = {
      {1, "email", Timestamp{0}, Timestamp{kDay}, Timestamp{60 * kMin}},       // 1 h, in time
      {1, "email", Timestamp{0}, Timestamp{kDay}, Timestamp{2 * kDay}},        // late
      {2, "social", Timestamp{0}, Timestamp{kDay}, std::nullopt},              // waiting, overdue
      {2, "social", Timestamp{9 * kDay}, Timestamp{11 * kDay}, std::nullopt},  // waiting, in time
  };
  auto f = BuildReplyFigures(rows, Timestamp{0}, now);
  EXPECT_EQ(f.overall.received, 4);
  EXPECT_EQ(f.overall.answered, 2);
  EXPECT_EQ(f.overall.answered_late, 1);
  EXPECT_EQ(f.overall.waiting_overdue, 1);
  EXPECT_DOUBLE_EQ(*f.by_channel["email"].response.median_minutes, (60.0 + 2 * 24 * 60) / 2);
  EXPECT_EQ(f.by_owner[2].waiting, 2);
  EXPECT_FALSE(f.by_owner[2].response.median_minutes);
}

}  // namespace
}  // namespace rapport::domain
