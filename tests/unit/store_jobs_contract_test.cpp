// Background job leases on every backend: one holder at a time, a lapsed lease is taken over, a
// late holder cannot finish, concurrent claims have exactly one winner; and RunIfDue on top.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "domain/jobs/job_runner.hpp"
#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using core::Timestamp;

class StoreJobsTest : public testing::StoreFixture {
 protected:
  bool Claim(const char* holder, std::int64_t lease_ms) {
    const Timestamp now = clock_.Now();
    auto r = domain::WriteValue<bool>(*db_, [&](domain::Txn& t) {
      return t.Jobs().Claim("sweep", holder, now, Timestamp{now.ms + lease_ms});
    });
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r && *r;
  }
  bool Finish(const char* holder, std::int64_t next_in_ms) {
    const Timestamp now = clock_.Now();
    auto r = domain::WriteValue<bool>(*db_, [&](domain::Txn& t) {
      return t.Jobs().Finish("sweep", holder, now, Timestamp{now.ms + next_in_ms});
    });
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r && *r;
  }
  domain::JobState State() {
    auto r = domain::ReadValue<std::vector<domain::JobState>>(*db_, [](domain::Txn& t) { return t.Jobs().List(); });
    EXPECT_TRUE(r && r->size() == 1u);
    return r && !r->empty() ? r->front() : domain::JobState{};
  }
};

TEST_P(StoreJobsTest, OneHolderAtATimeAndNotBeforeItIsDue) {
  EXPECT_TRUE(Claim("a", 60'000)) << "a new job is due at once";
  EXPECT_FALSE(Claim("b", 60'000)) << "a holds a live lease";
  EXPECT_FALSE(Finish("b", 600'000)) << "only the holder finishes";
  clock_.AdvanceMs(5'000);
  EXPECT_TRUE(Finish("a", 600'000));
  const auto s = State();
  EXPECT_EQ(s.runs, 1);
  EXPECT_FALSE(s.holder);
  EXPECT_EQ(s.last_holder, "a");
  EXPECT_EQ(s.last_run_at, clock_.Now());
  EXPECT_EQ(s.next_run_at.ms, clock_.Now().ms + 600'000);
  EXPECT_FALSE(Claim("b", 60'000)) << "not due for ten minutes";
  clock_.AdvanceMs(600'000);
  EXPECT_TRUE(Claim("b", 60'000));
}

TEST_P(StoreJobsTest, ARequestedRunMovesTheJobEarlierNeverLater) {
  auto request = [&](std::int64_t at_ms) {
    auto r = domain::WriteValue<bool>(*db_, [&](domain::Txn& t) { return t.Jobs().RequestRun("sweep", Timestamp{at_ms}); });
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    return r && *r;
  };
  const std::int64_t t0 = clock_.Now().ms;
  EXPECT_TRUE(request(t0 + 60'000)) << "a missing job is created, due then";
  EXPECT_EQ(State().next_run_at.ms, t0 + 60'000);
  EXPECT_FALSE(Claim("a", 60'000)) << "not due yet";
  clock_.AdvanceMs(60'000);
  EXPECT_TRUE(Claim("a", 60'000));
  EXPECT_TRUE(Finish("a", 86'400'000));  // the next run a day later
  EXPECT_FALSE(request(clock_.Now().ms + 90'000'000)) << "a request never postpones the job";
  EXPECT_EQ(State().next_run_at.ms, clock_.Now().ms + 86'400'000);
  EXPECT_TRUE(request(clock_.Now().ms + 1'000));
  EXPECT_EQ(State().next_run_at.ms, clock_.Now().ms + 1'000);
  EXPECT_FALSE(request(clock_.Now().ms + 1'000)) << "already due then";
  EXPECT_EQ(State().runs, 1);
  EXPECT_FALSE(State().holder) << "a request claims nothing";
  clock_.AdvanceMs(1'000);
  EXPECT_TRUE(Claim("b", 60'000));
}

TEST_P(StoreJobsTest, ALapsedLeaseIsTakenOverAndTheDeadHolderCannotFinish) {
  ASSERT_TRUE(Claim("dies", 60'000));
  clock_.AdvanceMs(59'999);
  EXPECT_FALSE(Claim("b", 60'000));
  clock_.AdvanceMs(1);
  EXPECT_TRUE(Claim("b", 60'000)) << "the lease lapsed: the job is not stuck";
  EXPECT_FALSE(Finish("dies", 600'000)) << "a holder that outlived its lease changes nothing";
  EXPECT_EQ(State().holder, "b");
  EXPECT_TRUE(Finish("b", 600'000));
  EXPECT_EQ(State().runs, 1);
}

TEST_P(StoreJobsTest, ConcurrentClaimsHaveExactlyOneWinner) {
  std::atomic<int> winners{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      const std::string holder = "server-" + std::to_string(i);
      const Timestamp now = clock_.Now();
      auto r = domain::WriteValue<bool>(*db_, [&](domain::Txn& t) {
        return t.Jobs().Claim("sweep", holder, now, Timestamp{now.ms + 60'000});
      });
      if (r && *r) ++winners;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(winners.load(), 1);
}

TEST_P(StoreJobsTest, RunIfDueRunsOncePerPeriodAcrossServersAndRetriesAFailure) {
  const domain::JobSchedule job{"sweep", std::chrono::minutes(10), std::chrono::minutes(2)};
  int runs = 0;
  auto work = [&] { ++runs; return core::Status{}; };
  EXPECT_EQ(domain::RunIfDue(*db_, clock_, "a", job, work), true);
  EXPECT_EQ(domain::RunIfDue(*db_, clock_, "b", job, work), false);
  clock_.AdvanceMs(9 * 60'000);
  EXPECT_EQ(domain::RunIfDue(*db_, clock_, "b", job, work), false);
  clock_.AdvanceMs(60'000);
  EXPECT_EQ(domain::RunIfDue(*db_, clock_, "b", job, work), true);
  EXPECT_EQ(runs, 2);
  // A failed run is retried a minute later, not a period later.
  clock_.AdvanceMs(10 * 60'000);
  auto failed = domain::RunIfDue(*db_, clock_, "a", job, [] { return core::Status{core::Fail(core::Error::Internal("disk full"))}; });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "disk full");
  clock_.AdvanceMs(60'000);
  EXPECT_EQ(domain::RunIfDue(*db_, clock_, "b", job, work), true);
  EXPECT_EQ(runs, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreJobsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
