#include <gtest/gtest.h>

#include "domain/customer/stage.hpp"

namespace rapport::domain {
namespace {

std::vector<std::pair<Stage, Stage>> Moves(const core::Result<std::vector<StageMove>>& r) {
  std::vector<std::pair<Stage, Stage>> out;
  for (const auto& m : *r) out.emplace_back(m.from, m.to);
  return out;
}

TEST(StageRules, ForwardSeveralStepsRecordsEveryStagePassed) {
  auto r = PlanStageChange(Stage::kContact, Stage::kNegotiation, false, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(Moves(r), (std::vector<std::pair<Stage, Stage>>{{Stage::kContact, Stage::kLead},
                                                            {Stage::kLead, Stage::kProposal},
                                                            {Stage::kProposal, Stage::kNegotiation}}));
  auto all = PlanStageChange(Stage::kContact, Stage::kRomance, false, false);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 5u);
  EXPECT_EQ(all->back().to, Stage::kRomance);
}

TEST(StageRules, OneStepForwardIsOneMove) {
  auto r = PlanStageChange(Stage::kLead, Stage::kProposal, false, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 1u);
}

TEST(StageRules, BackwardsAllowedBetweenPreOrderStages) {
  auto r = PlanStageChange(Stage::kNegotiation, Stage::kLead, false, false);
  ASSERT_TRUE(r);
  EXPECT_EQ(Moves(r), (std::vector<std::pair<Stage, Stage>>{{Stage::kNegotiation, Stage::kLead}}));
}

TEST(StageRules, NoWayBackToCourtingAfterTheFirstOrder) {
  for (Stage from : {Stage::kOrder, Stage::kRomance, Stage::kChurned}) {
    for (Stage to : {Stage::kContact, Stage::kLead, Stage::kProposal, Stage::kNegotiation}) {
      auto r = PlanStageChange(from, to, true, false);
      ASSERT_FALSE(r) << StageName(from) << "->" << StageName(to);
      EXPECT_EQ(r.error().code, core::ErrorCode::kConflict);
    }
  }
}

TEST(StageRules, LostNeedsReasonAndOnlyBeforeOrder) {
  auto no_reason = PlanStageChange(Stage::kProposal, Stage::kLost, false, false);
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(no_reason.error().fields.contains("reason"));
  EXPECT_TRUE(PlanStageChange(Stage::kProposal, Stage::kLost, true, true));
  auto after_order = PlanStageChange(Stage::kOrder, Stage::kLost, true, false);
  ASSERT_FALSE(after_order);
  EXPECT_EQ(after_order.error().code, core::ErrorCode::kConflict);
}

TEST(StageRules, ChurnedOnlyFromRomanceWithReason) {
  EXPECT_FALSE(PlanStageChange(Stage::kOrder, Stage::kChurned, true, false));
  EXPECT_FALSE(PlanStageChange(Stage::kLead, Stage::kChurned, true, false));
  auto no_reason = PlanStageChange(Stage::kRomance, Stage::kChurned, false, false);
  ASSERT_FALSE(no_reason);
  EXPECT_TRUE(no_reason.error().fields.contains("reason"));
  EXPECT_TRUE(PlanStageChange(Stage::kRomance, Stage::kChurned, true, false));
}

TEST(StageRules, ReopenAndWinBack) {
  EXPECT_TRUE(PlanStageChange(Stage::kLost, Stage::kLead, false, false));
  EXPECT_FALSE(PlanStageChange(Stage::kLost, Stage::kOrder, false, false));
  EXPECT_TRUE(PlanStageChange(Stage::kChurned, Stage::kRomance, false, false));
  EXPECT_FALSE(PlanStageChange(Stage::kChurned, Stage::kOrder, false, false));
}

TEST(StageRules, ManualMovesIntoOrderAndRomanceStayLegal) {
  EXPECT_TRUE(PlanStageChange(Stage::kNegotiation, Stage::kOrder, false, false));
  EXPECT_TRUE(PlanStageChange(Stage::kOrder, Stage::kRomance, false, false));
}

TEST(StageRules, IllegalMoveNamesTheAllowedMoves) {
  auto r = PlanStageChange(Stage::kRomance, Stage::kLead, false, false);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("churned"), std::string::npos) << r.error().message;
  auto same = PlanStageChange(Stage::kLead, Stage::kLead, false, false);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code, core::ErrorCode::kConflict);
}

TEST(StageRules, CompetitorOnlyForLost) {
  auto r = PlanStageChange(Stage::kLead, Stage::kProposal, false, true);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().fields.contains("competitor"));
}

TEST(StageRules, NamesRoundTrip) {
  for (Stage s : AllStages()) EXPECT_EQ(ParseStage(StageName(s)), s);
  EXPECT_FALSE(ParseStage("won"));
}

}  // namespace
}  // namespace rapport::domain
