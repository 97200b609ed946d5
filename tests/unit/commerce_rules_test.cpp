// The commerce rules as pure functions, with exact numbers: calendar dates, loyalty arithmetic
// and settings, the deal stage moves, the pipeline figures, product validation and order status.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/time.hpp"
#include "domain/deal/deal.hpp"
#include "domain/deal/deal_service.hpp"
#include "domain/loyalty/loyalty.hpp"
#include "domain/order/order.hpp"
#include "domain/product/product.hpp"
#include "store/common/loyalty_codec.hpp"

namespace rapport::domain {
namespace {

using core::Date;
using core::ErrorCode;
using core::kMsPerDay;

Date D(std::string_view text) {
  auto d = core::ParseDate(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(Date{});
}

std::string PlusMonths(std::string_view text, int months) {
  return core::FormatDate(core::AddMonths(D(text), months));
}

// The fields a kInvalidArgument error names, joined with ",".
std::string Fields(const core::Error& e) {
  std::string out;
  for (const auto& [field, reason] : e.fields) out += (out.empty() ? "" : ",") + field;
  return out;
}

template <typename T>
std::string FieldsOf(const T& result) {
  if (result) return "(no error)";
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << result.error().message;
  return Fields(result.error());
}

// ---- Dates -------------------------------------------------------------------------------------

TEST(DateTest, ParseDateAcceptsOnlyRealDatesInStrictForm) {
  EXPECT_EQ(D("1970-01-01").days, 0);
  EXPECT_EQ(D("1969-12-31").days, -1);
  EXPECT_EQ(D("2000-03-01").days, 11017);
  EXPECT_EQ(D("2026-01-31").days, 20484);
  EXPECT_EQ(D("2028-02-29").days, 21243);  // leap year
  for (const char* bad : {"2026-02-30", "2026-02-29", "2100-02-29", "2026-04-31", "2026-13-01",
                          "2026-00-10", "2026-01-00", "2026-1-01", "2026-01-1", "26-01-01",
                          "2026/01/01", "2026-01-01T00:00Z", "2026-01-01 ", " 2026-01-01",
                          "2026-01-0a", "+026-01-01", "2026--1-01", "", "2026-01"})
    EXPECT_FALSE(core::ParseDate(bad)) << '"' << bad << '"';
}

TEST(DateTest, FormatDateAndMonthRoundTrip) {
  EXPECT_EQ(core::FormatDate(Date{0}), "1970-01-01");
  EXPECT_EQ(core::FormatDate(Date{-1}), "1969-12-31");
  EXPECT_EQ(core::FormatDate(Date{20484}), "2026-01-31");
  EXPECT_EQ(core::FormatMonth(Date{20484}), "2026-01");
  EXPECT_EQ(core::FormatMonth(D("2026-12-01")), "2026-12");
  for (const char* text : {"2026-01-31", "2028-02-29", "1999-12-31", "2026-11-23"})
    EXPECT_EQ(core::FormatDate(D(text)), text);
}

TEST(DateTest, DateOfFloorsToTheUtcDayAndStartOfIsMidnight) {
  EXPECT_EQ(core::DateOf(core::Timestamp{0}), Date{0});
  EXPECT_EQ(core::DateOf(core::Timestamp{kMsPerDay - 1}), Date{0});
  EXPECT_EQ(core::DateOf(core::Timestamp{kMsPerDay}), Date{1});
  EXPECT_EQ(core::DateOf(core::Timestamp{-1}), Date{-1}) << "before the epoch rounds down, not to 0";
  EXPECT_EQ(core::FormatDate(core::DateOf(*core::ParseIso8601("2026-11-23T23:59:59.999Z"))), "2026-11-23");
  EXPECT_EQ(core::FormatDate(core::DateOf(*core::ParseIso8601("2026-11-24T00:30:00+01:00"))), "2026-11-23");
  EXPECT_EQ(core::StartOf(Date{0}).ms, 0);
  EXPECT_EQ(core::StartOf(Date{1}).ms, kMsPerDay);
  EXPECT_EQ(core::StartOf(Date{-1}).ms, -kMsPerDay);
  EXPECT_EQ(core::FormatIso8601(core::StartOf(D("2026-11-23"))), "2026-11-23T00:00:00.000Z");
  EXPECT_EQ(core::DateOf(core::StartOf(D("2026-11-23"))), D("2026-11-23"));
}

TEST(DateTest, AddMonthsClampsToTheEndOfShorterMonths) {
  EXPECT_EQ(PlusMonths("2026-01-31", 1), "2026-02-28");
  EXPECT_EQ(PlusMonths("2028-01-31", 1), "2028-02-29") << "leap year";
  EXPECT_EQ(PlusMonths("2026-01-31", 2), "2026-03-31");
  EXPECT_EQ(PlusMonths("2026-08-31", 1), "2026-09-30");
  EXPECT_EQ(PlusMonths("2026-01-15", 1), "2026-02-15");
  EXPECT_EQ(PlusMonths("2026-11-30", 3), "2027-02-28") << "across a year end";
  EXPECT_EQ(PlusMonths("2026-01-31", 13), "2027-02-28");
  EXPECT_EQ(PlusMonths("2024-02-29", 12), "2025-02-28");
  EXPECT_EQ(PlusMonths("2024-02-29", 48), "2028-02-29");
  EXPECT_EQ(PlusMonths("2026-05-17", 0), "2026-05-17");
}

TEST(DateTest, AddMonthsGoesBackWithNegativeMonths) {
  EXPECT_EQ(PlusMonths("2026-03-31", -1), "2026-02-28");
  EXPECT_EQ(PlusMonths("2028-03-31", -1), "2028-02-29");
  EXPECT_EQ(PlusMonths("2026-01-15", -1), "2025-12-15") << "across a year start";
  EXPECT_EQ(PlusMonths("2026-05-31", -15), "2025-02-28");
  EXPECT_EQ(PlusMonths("2026-03-31", -24), "2024-03-31");
  EXPECT_EQ(PlusMonths("2026-01-01", -12), "2025-01-01");
  EXPECT_EQ(PlusMonths("1970-01-31", -1), "1969-12-31");
}

// ---- Loyalty -----------------------------------------------------------------------------------

LoyaltyConfig Config(std::int64_t points_per_unit) {
  LoyaltyConfig c;
  c.points_per_unit = points_per_unit;
  return c;
}

TEST(LoyaltyRulesTest, PointsForOnePointPerUnitRoundsDown) {
  const auto c = Config(1);
  EXPECT_EQ(PointsFor(0, c), 0);
  EXPECT_EQ(PointsFor(-500, c), 0) << "a refund-heavy net earns nothing, never negative points";
  EXPECT_EQ(PointsFor(99, c), 0);
  EXPECT_EQ(PointsFor(100, c), 1);
  EXPECT_EQ(PointsFor(199, c), 1);
  EXPECT_EQ(PointsFor(200, c), 2);
  EXPECT_EQ(PointsFor(12'345, c), 123);
}

TEST(LoyaltyRulesTest, PointsForSeveralPointsPerUnitCountsFractionalCentsThenRoundsDown) {
  const auto c = Config(3);
  EXPECT_EQ(PointsFor(33, c), 0);    // 0.99
  EXPECT_EQ(PointsFor(34, c), 1);    // 1.02
  EXPECT_EQ(PointsFor(100, c), 3);
  EXPECT_EQ(PointsFor(199, c), 5);   // 5.97: the cents count (not 3 for the whole unit alone)
  EXPECT_EQ(PointsFor(12'345, c), 370);  // 370.35
  EXPECT_EQ(PointsFor(99'999, c), 2'999);  // 2999.97
  EXPECT_EQ(PointsFor(12'345, Config(0)), 0);
  // The largest values the validation allows do not overflow.
  EXPECT_EQ(PointsFor(1'000'000'000'099, Config(1'000'000)), 10'000'000'000'990'000);
}

TEST(LoyaltyRulesTest, TierForIsTheHighestTierReachedAtExactThresholds) {
  const LoyaltyConfig c;  // bronze 0, silver 3, gold 6
  auto tier = [&](int orders) { return TierFor(orders, c).value_or(LoyaltyTier{"(none)", -1}).name; };
  EXPECT_EQ(tier(0), "bronze");
  EXPECT_EQ(tier(2), "bronze");
  EXPECT_EQ(tier(3), "silver");
  EXPECT_EQ(tier(5), "silver");
  EXPECT_EQ(tier(6), "gold");
  EXPECT_EQ(tier(1000), "gold");
  EXPECT_EQ(TierFor(3, c), (LoyaltyTier{"silver", 3}));

  LoyaltyConfig members;
  members.tiers = {{"member", 1}, {"vip", 10}};
  EXPECT_FALSE(TierFor(0, members)) << "below the lowest threshold: no tier";
  EXPECT_EQ(TierFor(1, members)->name, "member");
  EXPECT_EQ(TierFor(9, members)->name, "member");
  EXPECT_EQ(TierFor(10, members)->name, "vip");
}

TEST(LoyaltyRulesTest, WindowStartIsWindowDaysBeforeNow) {
  const core::Timestamp now{1'795'425'290'123};
  LoyaltyConfig c;
  EXPECT_EQ(WindowStart(now, c).ms, now.ms - 365 * kMsPerDay);
  c.window_days = 30;
  EXPECT_EQ(WindowStart(now, c).ms, now.ms - 30 * kMsPerDay);
  c.window_days = 1;
  EXPECT_EQ(WindowStart(now, c).ms, now.ms - 86'400'000);
}

TEST(LoyaltyRulesTest, PointsToExpireSpendsTheOldestPointsFirst) {
  EXPECT_EQ(PointsToExpire(0, 0), 0);
  EXPECT_EQ(PointsToExpire(100, 0), 100);
  EXPECT_EQ(PointsToExpire(100, 30), 70);
  EXPECT_EQ(PointsToExpire(100, 100), 0);
  EXPECT_EQ(PointsToExpire(100, 150), 0) << "spending beyond the old points takes from newer ones";
  // Earned 100 on day 0 and 50 on day 10, redeemed 120 on day 20.
  EXPECT_EQ(PointsToExpire(100, 120), 0) << "cutoff day 5: the 100 old points were all spent";
  EXPECT_EQ(PointsToExpire(150, 120), 30) << "cutoff day 15: 30 of the day-10 points are left";
  // Once those 30 expired, the expiry counts as spending: nothing expires twice.
  EXPECT_EQ(PointsToExpire(150, 150), 0);
}

TEST(LoyaltyRulesTest, TheDefaultConfigIsValid) {
  EXPECT_TRUE(ValidateLoyaltyConfig(LoyaltyConfig{}));
  LoyaltyConfig edges;
  edges.points_per_unit = 0;
  edges.window_days = 3660;
  edges.points_expire_days = 36600;
  edges.tiers = {{std::string(64, 't'), 0}};
  EXPECT_TRUE(ValidateLoyaltyConfig(edges));
  edges.points_per_unit = 1'000'000;
  edges.window_days = 1;
  edges.points_expire_days = 1;
  EXPECT_TRUE(ValidateLoyaltyConfig(edges));
}

TEST(LoyaltyRulesTest, ValidateLoyaltyConfigNamesEachBadField) {
  auto fields = [](auto mutate) {
    LoyaltyConfig c;
    mutate(c);
    return FieldsOf(ValidateLoyaltyConfig(c));
  };
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.points_per_unit = -1; }), "points_per_unit");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.points_per_unit = 1'000'001; }), "points_per_unit");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.window_days = 0; }), "window_days");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.window_days = 3661; }), "window_days");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.points_expire_days = 0; }), "points_expire_days");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.points_expire_days = 36601; }), "points_expire_days");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.tiers.clear(); }), "tiers");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.tiers.assign(21, LoyaltyTier{}); }).substr(0, 6), "tiers,");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.tiers = {{"a", 0}, {"b", 3}, {"c", 3}}; }), "tiers[2].min_orders")
      << "equal thresholds are not ascending";
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.tiers = {{"a", 5}, {"b", 3}}; }), "tiers[1].min_orders");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.tiers = {{"a", -1}}; }), "tiers[0].min_orders");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.tiers = {{"", 0}}; }), "tiers[0].name");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.tiers = {{std::string(65, 'x'), 0}}; }), "tiers[0].name");
  EXPECT_EQ(fields([](LoyaltyConfig& c) { c.tiers = {{"gold", 0}, {"gold", 1}}; }), "tiers[1].name");
  // Every bad field at once.
  EXPECT_EQ(fields([](LoyaltyConfig& c) {
              c.points_per_unit = -5;
              c.window_days = 0;
              c.tiers = {{"a", 2}, {"b", 1}};
            }),
            "points_per_unit,tiers[1].min_orders,window_days");
  LoyaltyConfig bad;
  bad.tiers = {{"a", 0}, {"b", 0}};
  auto st = ValidateLoyaltyConfig(bad);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().fields.at("tiers[1].min_orders").find("ascending"), std::string::npos);
}

TEST(LoyaltyRulesTest, ConfigJsonRoundTrips) {
  LoyaltyConfig c;
  c.points_per_unit = 7;
  c.window_days = 90;
  c.tiers = {{"member", 1}, {"vip \"gold\"", 12}};
  c.points_expire_days = 400;
  auto back = store::LoyaltyConfigFromJson(LoyaltyConfigToJson(c));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, c);

  const LoyaltyConfig defaults;
  EXPECT_EQ(LoyaltyConfigToJson(defaults),
            R"({"points_per_unit":1,"window_days":365,"tiers":[{"name":"bronze","min_orders":0},)"
            R"({"name":"silver","min_orders":3},{"name":"gold","min_orders":6}],"points_expire_days":null})");
  back = store::LoyaltyConfigFromJson(LoyaltyConfigToJson(defaults));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, defaults);
  EXPECT_FALSE(back->points_expire_days);
}

TEST(LoyaltyRulesTest, DamagedStoredConfigIsAnInternalError) {
  for (const char* bad : {"", "not json", "[1,2]", R"({"points_per_unit":1})",
                          R"({"points_per_unit":"1","window_days":365,"tiers":[]})",
                          R"({"points_per_unit":1,"window_days":365,"tiers":[{"name":1,"min_orders":0}]})"}) {
    auto r = store::LoyaltyConfigFromJson(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInternal) << bad;
  }
  // Without points_expire_days: points never expire.
  auto r = store::LoyaltyConfigFromJson(R"({"points_per_unit":2,"window_days":30,"tiers":[{"name":"x","min_orders":0}]})");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->points_per_unit, 2);
  EXPECT_FALSE(r->points_expire_days);
}

TEST(LoyaltyRulesTest, LedgerKindNamesRoundTrip) {
  for (auto k : {LedgerKind::kEarned, LedgerKind::kRedeemed, LedgerKind::kExpired, LedgerKind::kAdjusted})
    EXPECT_EQ(ParseLedgerKind(LedgerKindName(k)), k);
  EXPECT_EQ(LedgerKindName(LedgerKind::kRedeemed), "redeemed");
  EXPECT_FALSE(ParseLedgerKind("Earned"));
}

// ---- Deal stage moves --------------------------------------------------------------------------

Deal DealIn(DealStage stage) {
  Deal d;
  d.id = 17;
  d.stage = stage;
  if (stage == DealStage::kWon) d.order_id = 42;
  return d;
}

DealStageRequest Move(DealStage target, std::optional<std::string> lost_reason = std::nullopt,
                      std::optional<std::string> competitor = std::nullopt) {
  return {target, std::move(lost_reason), std::move(competitor)};
}

// "ok", or the error code's name and the fields it names.
std::string Outcome(DealStage from, const DealStageRequest& r) {
  auto st = CheckDealStageMove(DealIn(from), r);
  if (st) return "ok";
  std::string out = core::ErrorCodeName(st.error().code);
  if (!st.error().fields.empty()) out += " " + Fields(st.error());
  return out;
}

constexpr DealStage kProposal = DealStage::kProposal, kNegotiation = DealStage::kNegotiation,
                    kWon = DealStage::kWon, kLost = DealStage::kLost;

std::string Conflict() { return core::ErrorCodeName(ErrorCode::kConflict); }
std::string Invalid(const char* field) {
  return std::string(core::ErrorCodeName(ErrorCode::kInvalidArgument)) + " " + field;
}

TEST(DealStageRulesTest, OpenStagesMoveBothWaysAndToWonOrLost) {
  EXPECT_EQ(Outcome(kProposal, Move(kNegotiation)), "ok");
  EXPECT_EQ(Outcome(kNegotiation, Move(kProposal)), "ok");
  EXPECT_EQ(Outcome(kProposal, Move(kWon)), "ok");
  EXPECT_EQ(Outcome(kNegotiation, Move(kWon)), "ok");
  EXPECT_EQ(Outcome(kProposal, Move(kLost, "too expensive")), "ok");
  EXPECT_EQ(Outcome(kNegotiation, Move(kLost, "too expensive", "Acme")), "ok");
}

TEST(DealStageRulesTest, LosingNeedsAReason) {
  EXPECT_EQ(Outcome(kProposal, Move(kLost)), Invalid("lost_reason"));
  EXPECT_EQ(Outcome(kNegotiation, Move(kLost, std::nullopt, "Acme")), Invalid("lost_reason"));
}

TEST(DealStageRulesTest, ALostDealIsReopenedNotWon) {
  EXPECT_EQ(Outcome(kLost, Move(kProposal)), "ok");
  EXPECT_EQ(Outcome(kLost, Move(kNegotiation)), "ok");
  EXPECT_EQ(Outcome(kLost, Move(kWon)), Conflict());
  auto st = CheckDealStageMove(DealIn(kLost), Move(kWon));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("re-open"), std::string::npos) << st.error().message;
}

TEST(DealStageRulesTest, AWonDealIsFinal) {
  for (const auto& r : {Move(kProposal), Move(kNegotiation), Move(kWon), Move(kLost, "changed mind")})
    EXPECT_EQ(Outcome(kWon, r), Conflict()) << DealStageName(r.target);
  auto st = CheckDealStageMove(DealIn(kWon), Move(kLost, "changed mind"));
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("order 42"), std::string::npos) << st.error().message;
}

TEST(DealStageRulesTest, MovingToTheSameStageIsRefused) {
  EXPECT_EQ(Outcome(kProposal, Move(kProposal)), Conflict());
  EXPECT_EQ(Outcome(kNegotiation, Move(kNegotiation)), Conflict());
  EXPECT_EQ(Outcome(kLost, Move(kLost, "again")), Conflict());
}

TEST(DealStageRulesTest, LostReasonAndCompetitorOnlyWithLost) {
  EXPECT_EQ(Outcome(kProposal, Move(kNegotiation, "why")), Invalid("lost_reason"));
  EXPECT_EQ(Outcome(kProposal, Move(kNegotiation, std::nullopt, "Acme")), Invalid("competitor"));
  EXPECT_EQ(Outcome(kNegotiation, Move(kWon, "why")), Invalid("lost_reason"));
  EXPECT_EQ(Outcome(kNegotiation, Move(kWon, std::nullopt, "Acme")), Invalid("competitor"));
  EXPECT_EQ(Outcome(kLost, Move(kProposal, "why")), Invalid("lost_reason"));
  EXPECT_EQ(Outcome(kLost, Move(kNegotiation, std::nullopt, "Acme")), Invalid("competitor"));
}

TEST(DealStageRulesTest, StageNamesAndProbabilities) {
  for (auto s : {kProposal, kNegotiation, kWon, kLost}) EXPECT_EQ(ParseDealStage(DealStageName(s)), s);
  EXPECT_FALSE(ParseDealStage("open"));
  EXPECT_TRUE(IsOpen(kProposal));
  EXPECT_TRUE(IsOpen(kNegotiation));
  EXPECT_FALSE(IsOpen(kWon));
  EXPECT_FALSE(IsOpen(kLost));
  EXPECT_EQ(WinProbabilityPercent(kProposal), 30);
  EXPECT_EQ(WinProbabilityPercent(kNegotiation), 60);
  EXPECT_EQ(WinProbabilityPercent(kWon), 100);
  EXPECT_EQ(WinProbabilityPercent(kLost), 0);
}

// ---- Pipeline ----------------------------------------------------------------------------------

// ComputePipeline over the store's aggregates (the aggregation itself is checked on both backends
// in store_commerce_contract_test.cpp, PipelineFiguresOnAKnownSet).
class PipelineTest : public ::testing::Test {
 protected:
  const core::Timestamp now_ = core::Timestamp{core::StartOf(D("2026-03-20")).ms + 3'600'000};
  std::int64_t DaysAgo(double days) const { return now_.ms - static_cast<std::int64_t>(days * kMsPerDay); }
  static std::int64_t Days(double days) { return static_cast<std::int64_t>(days * kMsPerDay); }
};

TEST_F(PipelineTest, StagesInOrderWithMediansOfOneOrTwoMiddleValues) {
  PipelineFigures f;
  // Any order from the store; negotiation absent.
  f.stages.push_back({kWon, 2, 10'000, 10'000, {Days(20), Days(45)}});             // even: the mean
  f.stages.push_back({kProposal, 3, 17'001, 5'100, {DaysAgo(4)}});                  // odd: open, now - basis
  f.stages.push_back({kLost, 1, 4'000, 0, {Days(5)}});
  const Pipeline p = ComputePipeline(f, now_);
  ASSERT_EQ(p.stages.size(), 4u);
  EXPECT_EQ(p.stages[0].stage, kProposal);
  EXPECT_EQ(p.stages[0].count, 3);
  EXPECT_EQ(p.stages[0].weighted_cents, 5'100);
  EXPECT_EQ(p.stages[0].probability_percent, 30);
  EXPECT_DOUBLE_EQ(*p.stages[0].median_age_days, 4.0);
  EXPECT_EQ(p.stages[1].stage, kNegotiation);
  EXPECT_EQ(p.stages[1].count, 0);
  EXPECT_FALSE(p.stages[1].median_age_days);
  EXPECT_EQ(p.stages[1].probability_percent, 60);
  EXPECT_DOUBLE_EQ(*p.stages[2].median_age_days, 32.5);
  EXPECT_DOUBLE_EQ(*p.stages[3].median_age_days, 5.0);
}

TEST_F(PipelineTest, NoDealsGiveFourEmptyStagesAndNoForecast) {
  const Pipeline p = ComputePipeline({}, now_);
  ASSERT_EQ(p.stages.size(), 4u);
  const DealStage order[] = {kProposal, kNegotiation, kWon, kLost};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(p.stages[i].stage, order[i]);
    EXPECT_EQ(p.stages[i].count, 0);
    EXPECT_EQ(p.stages[i].amount_cents, 0);
    EXPECT_EQ(p.stages[i].weighted_cents, 0);
    EXPECT_EQ(p.stages[i].probability_percent, WinProbabilityPercent(order[i]));
    EXPECT_FALSE(p.stages[i].median_age_days);
  }
  EXPECT_TRUE(p.forecast.empty());
}

TEST_F(PipelineTest, AgesAreFractionalDaysNeverNegativeAndTheForecastIsInMonthOrder) {
  PipelineFigures f;
  f.stages.push_back({kProposal, 2, 200, 60, {DaysAgo(0.5), DaysAgo(-2)}});  // clock skew: clamped to 0
  f.stages.push_back({kLost, 1, 100, 0, {Days(1.5)}});
  f.forecast = {{"2026-05", 1, 10, 3}, {"", 2, 200, 60}, {"2025-12", 1, 5, 1}};
  const Pipeline p = ComputePipeline(f, now_);
  EXPECT_DOUBLE_EQ(*p.stages[0].median_age_days, 0.25);  // of 0.5 and 0
  EXPECT_DOUBLE_EQ(*p.stages[3].median_age_days, 1.5);
  ASSERT_EQ(p.forecast.size(), 3u);
  EXPECT_EQ(p.forecast[0].month, "2025-12");
  EXPECT_EQ(p.forecast[1].month, "2026-05");
  EXPECT_EQ(p.forecast[2].month, "");
  EXPECT_EQ(p.forecast[2].weighted_cents, 60);
}

// ---- Products ----------------------------------------------------------------------------------

template <typename T>
void Set(Patch<T>& patch, T value) {
  patch.emplace(std::move(value));
}
template <typename T>
void Null(Patch<T>& patch) {
  patch.emplace(std::nullopt);
}

ProductInput ValidNew() {
  ProductInput in;
  Set<std::string>(in.name, "  Widget Pro ");
  Set<std::string>(in.sku, " WID-1 ");
  Set<std::int64_t>(in.price_cents, 2'500);
  return in;
}

TEST(ProductRulesTest, CreatingNeedsNameSkuAndPrice) {
  Product p;
  EXPECT_EQ(FieldsOf(ApplyProductInput(ProductInput{}, true, p)), "name,price_cents,sku");
  ProductInput nulls;
  Null(nulls.name);
  Null(nulls.sku);
  Null(nulls.price_cents);
  auto st = ApplyProductInput(nulls, true, p);
  EXPECT_EQ(FieldsOf(st), "name,price_cents,sku");
  EXPECT_EQ(st.error().fields.at("name"), "required");
  // Updating needs none of them.
  Product existing;
  existing.id = 3;
  EXPECT_TRUE(ApplyProductInput(ProductInput{}, false, existing));
}

TEST(ProductRulesTest, AValidProductIsTrimmedWithDefaults) {
  Product p;
  auto st = ApplyProductInput(ValidNew(), true, p);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(p.name, "Widget Pro");
  EXPECT_EQ(p.sku, "WID-1");
  EXPECT_EQ(p.price_cents, 2'500);
  EXPECT_EQ(p.margin_cents, 0);
  EXPECT_TRUE(p.active);
  EXPECT_TRUE(p.complements.empty());
  EXPECT_TRUE(p.limits.empty());
}

TEST(ProductRulesTest, BadValuesAreNamedTogether) {
  ProductInput in = ValidNew();
  Set<std::string>(in.name, "   ");
  Set<std::string>(in.sku, std::string(65, 'S'));
  Set<std::int64_t>(in.price_cents, -1);
  Set<std::map<std::string, double>>(in.limits, {{"seats", 0.0}, {"storage_gb", 50.0}});
  Product p;
  auto st = ApplyProductInput(in, true, p);
  EXPECT_EQ(FieldsOf(st), "limits.seats,name,price_cents,sku");
  EXPECT_EQ(st.error().fields.at("name"), "must not be empty");

  ProductInput nulls;
  Null(nulls.name);
  Null(nulls.sku);
  Null(nulls.price_cents);
  Product existing;
  existing.id = 3;
  st = ApplyProductInput(nulls, false, existing);
  EXPECT_EQ(FieldsOf(st), "name,price_cents,sku");
  EXPECT_EQ(st.error().fields.at("price_cents"), "must not be null");

  ProductInput control = ValidNew();
  Set<std::string>(control.name, "bad\x01name");
  EXPECT_EQ(FieldsOf(ApplyProductInput(control, true, p)), "name");
  ProductInput metric = ValidNew();
  Set<std::map<std::string, double>>(metric.limits, {{"", 1.0}});
  EXPECT_EQ(FieldsOf(ApplyProductInput(metric, true, p)), "limits");
  ProductInput decode = ValidNew();
  decode.decode_errors["colour"] = "unknown field";
  EXPECT_EQ(FieldsOf(ApplyProductInput(decode, true, p)), "colour");
}

TEST(ProductRulesTest, MarginMayNotExceedPrice) {
  ProductInput in = ValidNew();
  Set<std::int64_t>(in.margin_cents, 2'501);
  Product p;
  auto st = ApplyProductInput(in, true, p);
  EXPECT_EQ(FieldsOf(st), "margin_cents");
  EXPECT_NE(st.error().fields.at("margin_cents").find("2500"), std::string::npos);

  Set<std::int64_t>(in.margin_cents, 2'500);
  Product at_price;
  EXPECT_TRUE(ApplyProductInput(in, true, at_price));
  EXPECT_EQ(at_price.margin_cents, 2'500);

  // On update, a lower price is checked against the margin already stored.
  Product existing;
  existing.id = 9;
  existing.price_cents = 1'000;
  existing.margin_cents = 400;
  ProductInput cheaper;
  Set<std::int64_t>(cheaper.price_cents, 300);
  EXPECT_EQ(FieldsOf(ApplyProductInput(cheaper, false, existing)), "margin_cents");
  Product again = existing;
  ProductInput clear_margin = cheaper;
  Null(clear_margin.margin_cents);
  ASSERT_TRUE(ApplyProductInput(clear_margin, false, again));
  EXPECT_EQ(again.price_cents, 300);
  EXPECT_EQ(again.margin_cents, 0);
  // A bad price is reported alone, not also as a margin problem.
  ProductInput negative;
  Set<std::int64_t>(negative.price_cents, -5);
  Product third = existing;
  EXPECT_EQ(FieldsOf(ApplyProductInput(negative, false, third)), "price_cents");
}

TEST(ProductRulesTest, ComplementsAreDeduplicatedAndNeverTheProductItself) {
  Product p;
  p.id = 7;
  ProductInput in;
  Set<std::vector<Id>>(in.complements, {5, 3, 5, 11});
  ASSERT_TRUE(ApplyProductInput(in, false, p));
  EXPECT_EQ(p.complements, (std::vector<Id>{3, 5, 11}));

  Set<std::vector<Id>>(in.complements, {3, 7});
  EXPECT_EQ(FieldsOf(ApplyProductInput(in, false, p)), "complements");

  std::vector<Id> many;
  for (Id i = 100; i < 151; ++i) many.push_back(i);
  Set<std::vector<Id>>(in.complements, many);
  EXPECT_EQ(FieldsOf(ApplyProductInput(in, false, p)), "complements");
  many.pop_back();
  Set<std::vector<Id>>(in.complements, many);
  EXPECT_TRUE(ApplyProductInput(in, false, p));

  Null(in.complements);
  ASSERT_TRUE(ApplyProductInput(in, false, p));
  EXPECT_TRUE(p.complements.empty());
}

// ---- Orders ------------------------------------------------------------------------------------

TEST(OrderRulesTest, StatusFollowsRefundsAndCancellation) {
  Order o;
  o.amount_cents = 1'000;
  o.margin_cents = 400;
  EXPECT_EQ(o.Status(), OrderStatus::kPlaced);
  o.refunded_cents = 1;
  EXPECT_EQ(o.Status(), OrderStatus::kPartiallyRefunded);
  o.refunded_cents = 999;
  o.refunded_margin_cents = 150;
  EXPECT_EQ(o.Status(), OrderStatus::kPartiallyRefunded);
  EXPECT_EQ(o.NetAmount(), 1);
  EXPECT_EQ(o.NetMargin(), 250);
  o.refunded_cents = 1'000;
  EXPECT_EQ(o.Status(), OrderStatus::kRefunded);
  EXPECT_EQ(o.NetAmount(), 0);
  o.cancelled_at = core::Timestamp{5};
  EXPECT_EQ(o.Status(), OrderStatus::kCancelled) << "cancellation wins over the refund figures";
  o.refunded_cents = 0;
  EXPECT_EQ(o.Status(), OrderStatus::kCancelled);

  Order free_order;  // amount 0, nothing refunded: placed, not refunded
  EXPECT_EQ(free_order.Status(), OrderStatus::kPlaced);
}

TEST(OrderRulesTest, StatusNamesRoundTrip) {
  for (auto s : {OrderStatus::kPlaced, OrderStatus::kPartiallyRefunded, OrderStatus::kRefunded,
                 OrderStatus::kCancelled})
    EXPECT_EQ(ParseOrderStatus(OrderStatusName(s)), s);
  EXPECT_EQ(OrderStatusName(OrderStatus::kPartiallyRefunded), "partially_refunded");
  EXPECT_FALSE(ParseOrderStatus("open"));
}

}  // namespace
}  // namespace rapport::domain
