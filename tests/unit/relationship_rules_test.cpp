// The relationship rules as pure functions, with exact numbers: renewal dates anchored on the
// start, the renewals list classification, the win-back cap arithmetic, money formatting, the
// names of statuses and responses, and the input validation the services do before they touch
// the store (run against a store that records being reached).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/time.hpp"
#include "domain/appreciation/appreciation.hpp"
#include "domain/appreciation/appreciation_service.hpp"
#include "domain/referral/referral.hpp"
#include "domain/referral/referral_service.hpp"
#include "domain/subscription/subscription.hpp"
#include "domain/subscription/subscription_service.hpp"
#include "domain/winback/winback.hpp"
#include "domain/winback/winback_service.hpp"

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

std::string Renewal(std::string_view started_on, int term_months, int renewals) {
  return core::FormatDate(RenewalDate(D(started_on), term_months, renewals));
}

// The fields a kInvalidArgument error names, joined with ",".
template <typename T>
std::string FieldsOf(const T& result) {
  if (result) return "(no error)";
  if (result.error().code != ErrorCode::kInvalidArgument)
    return std::string("(") + core::ErrorCodeName(result.error().code) + ": " + result.error().message + ")";
  std::string out;
  for (const auto& [field, reason] : result.error().fields) out += (out.empty() ? "" : ",") + field;
  return out;
}

template <typename T>
std::string ReasonOf(const T& result, const std::string& field) {
  if (result) return "(no error)";
  auto it = result.error().fields.find(field);
  return it == result.error().fields.end() ? "(no such field)" : it->second;
}

// ---- subscriptions ------------------------------------------------------------------------------

TEST(RelationshipRulesTest, RenewalDatesAreAnchoredOnTheStartDate) {
  // Monthly from Jan 31: the day comes back after short months instead of drifting to the 28th.
  EXPECT_EQ(Renewal("2026-01-31", 1, 0), "2026-02-28");
  EXPECT_EQ(Renewal("2026-01-31", 1, 1), "2026-03-31");
  EXPECT_EQ(Renewal("2026-01-31", 1, 2), "2026-04-30");
  EXPECT_EQ(Renewal("2026-01-31", 1, 3), "2026-05-31");
  EXPECT_EQ(Renewal("2026-01-31", 1, 10), "2026-12-31");
  EXPECT_EQ(Renewal("2026-01-31", 1, 11), "2027-01-31");
  EXPECT_EQ(Renewal("2026-01-31", 1, 24), "2028-02-29") << "a leap February";
  // Stepping month by month from the previous renewal would drift: Feb 28 + 1 month = Mar 28.
  EXPECT_EQ(core::FormatDate(core::AddMonths(RenewalDate(D("2026-01-31"), 1, 0), 1)), "2026-03-28");

  // Yearly from a leap day: Feb 28 until the next leap year has Feb 29 again.
  EXPECT_EQ(Renewal("2024-02-29", 12, 0), "2025-02-28");
  EXPECT_EQ(Renewal("2024-02-29", 12, 1), "2026-02-28");
  EXPECT_EQ(Renewal("2024-02-29", 12, 2), "2027-02-28");
  EXPECT_EQ(Renewal("2024-02-29", 12, 3), "2028-02-29");
  EXPECT_EQ(Renewal("2024-02-29", 12, 4), "2029-02-28");

  // Quarterly from Nov 30, over the year end.
  EXPECT_EQ(Renewal("2026-11-30", 3, 0), "2027-02-28");
  EXPECT_EQ(Renewal("2026-11-30", 3, 1), "2027-05-30");
  EXPECT_EQ(Renewal("2026-11-30", 3, 2), "2027-08-30");
  EXPECT_EQ(Renewal("2026-11-30", 3, 3), "2027-11-30");

  // Ordinary days and long terms.
  EXPECT_EQ(Renewal("2026-03-15", 12, 0), "2027-03-15");
  EXPECT_EQ(Renewal("2026-03-15", 24, 1), "2030-03-15");
  EXPECT_EQ(Renewal("2026-03-15", 120, 0), "2036-03-15");
  EXPECT_EQ(Renewal("2026-12-31", 6, 0), "2027-06-30");
  EXPECT_EQ(Renewal("2026-12-31", 6, 1), "2027-12-31");
}

Subscription Renewing(std::string_view renews_on, bool auto_renew = false,
                      SubscriptionStatus status = SubscriptionStatus::kActive) {
  Subscription s;
  s.renews_on = D(renews_on);
  s.auto_renew = auto_renew;
  s.status = status;
  return s;
}

std::string Classify(const Subscription& s, std::string_view today, int within_days) {
  auto k = ClassifyRenewal(s, D(today), within_days);
  return k ? std::string(RenewalKindName(*k)) : "-";
}

TEST(RelationshipRulesTest, RenewalsAreUpcomingMissedOrOverdueWithAnInclusiveWindow) {
  EXPECT_EQ(Classify(Renewing("2026-03-01"), "2026-03-01", 30), "upcoming") << "due today";
  EXPECT_EQ(Classify(Renewing("2026-03-31"), "2026-03-01", 30), "upcoming") << "the window's last day";
  EXPECT_EQ(Classify(Renewing("2026-04-01"), "2026-03-01", 30), "-") << "one day past the window";
  EXPECT_EQ(Classify(Renewing("2026-03-01"), "2026-03-01", 0), "upcoming") << "no notice: only today";
  EXPECT_EQ(Classify(Renewing("2026-03-02"), "2026-03-01", 0), "-");
  EXPECT_EQ(Classify(Renewing("2027-03-01"), "2026-03-01", 365), "upcoming");
  EXPECT_EQ(Classify(Renewing("2027-03-02"), "2026-03-01", 365), "-");
  EXPECT_EQ(Classify(Renewing("2026-02-28"), "2026-03-01", 30), "missed") << "passed, no auto-renew";
  EXPECT_EQ(Classify(Renewing("2020-01-01"), "2026-03-01", 0), "missed");
  EXPECT_EQ(Classify(Renewing("2026-02-28", true), "2026-03-01", 30), "overdue") << "auto-renew not recorded";
  EXPECT_EQ(Classify(Renewing("2026-03-01", true), "2026-03-01", 30), "upcoming");
  for (const char* day : {"2026-02-01", "2026-03-01", "2026-03-15", "2026-05-01"}) {
    EXPECT_EQ(Classify(Renewing(day, false, SubscriptionStatus::kCancelled), "2026-03-01", 30), "-") << day;
    EXPECT_EQ(Classify(Renewing(day, true, SubscriptionStatus::kCancelled), "2026-03-01", 30), "-") << day;
  }
  EXPECT_EQ(RenewalKindName(RenewalKind::kUpcoming), "upcoming");
  EXPECT_EQ(RenewalKindName(RenewalKind::kMissed), "missed");
  EXPECT_EQ(RenewalKindName(RenewalKind::kOverdue), "overdue");
}

TEST(RelationshipRulesTest, SubscriptionStatusAndEventKindNamesRoundTrip) {
  for (auto s : {SubscriptionStatus::kActive, SubscriptionStatus::kCancelled})
    EXPECT_EQ(ParseSubscriptionStatus(SubscriptionStatusName(s)), s);
  EXPECT_EQ(SubscriptionStatusName(SubscriptionStatus::kActive), "active");
  EXPECT_EQ(SubscriptionStatusName(SubscriptionStatus::kCancelled), "cancelled");
  for (const char* bad : {"", "Active", "canceled", "paused", " active"})
    EXPECT_FALSE(ParseSubscriptionStatus(bad)) << '"' << bad << '"';

  for (auto k : {SubscriptionEventKind::kStarted, SubscriptionEventKind::kRenewed, SubscriptionEventKind::kCancelled})
    EXPECT_EQ(ParseSubscriptionEventKind(SubscriptionEventKindName(k)), k);
  EXPECT_EQ(SubscriptionEventKindName(SubscriptionEventKind::kStarted), "started");
  EXPECT_EQ(SubscriptionEventKindName(SubscriptionEventKind::kRenewed), "renewed");
  EXPECT_EQ(SubscriptionEventKindName(SubscriptionEventKind::kCancelled), "cancelled");
  for (const char* bad : {"", "Renewed", "renew", "created"})
    EXPECT_FALSE(ParseSubscriptionEventKind(bad)) << '"' << bad << '"';
}

// ---- win-back -----------------------------------------------------------------------------------

TEST(RelationshipRulesTest, WholeDaysBetweenTruncatesAndIsNeverNegative) {
  const core::Timestamp t{1'790'000'000'000};
  auto plus = [&](std::int64_t ms) { return core::Timestamp{t.ms + ms}; };
  EXPECT_EQ(WholeDaysBetween(t, t), 0);
  EXPECT_EQ(WholeDaysBetween(t, plus(-1)), 0) << "to before from";
  EXPECT_EQ(WholeDaysBetween(t, plus(-400 * kMsPerDay)), 0);
  EXPECT_EQ(WholeDaysBetween(t, plus(kMsPerDay - 1)), 0);
  EXPECT_EQ(WholeDaysBetween(t, plus(kMsPerDay)), 1);
  EXPECT_EQ(WholeDaysBetween(t, plus(730 * kMsPerDay + 23 * 3'600'000)), 730);
  EXPECT_EQ(WholeDaysBetween(core::Timestamp{0}, core::Timestamp{365 * kMsPerDay}), 365);
}

TEST(RelationshipRulesTest, YearlyMarginCountsAtLeastAYearAndRoundsTowardZero) {
  EXPECT_EQ(YearlyMargin(65'000, 730), 32'500);
  EXPECT_EQ(YearlyMargin(65'000, 365), 65'000);
  EXPECT_EQ(YearlyMargin(65'000, 366), 64'822);  // 64822.40...
  EXPECT_EQ(YearlyMargin(65'000, 100), 65'000) << "less than a year counts as a year";
  EXPECT_EQ(YearlyMargin(65'000, 0), 65'000);
  EXPECT_EQ(YearlyMargin(65'000, -5), 65'000);
  EXPECT_EQ(YearlyMargin(10'001, 400), 9'125) << "9125.9125";
  EXPECT_EQ(YearlyMargin(10'000, 400), 9'125);
  EXPECT_EQ(YearlyMargin(364, 1'000), 132) << "132.86";
  EXPECT_EQ(YearlyMargin(1, 366), 0);
  EXPECT_EQ(YearlyMargin(0, 1'000), 0);
  // A loss rounds toward zero too.
  EXPECT_EQ(YearlyMargin(-10'001, 400), -9'125);
  EXPECT_EQ(YearlyMargin(-1, 366), 0);
  EXPECT_EQ(YearlyMargin(-65'000, 730), -32'500);
  // Exact without overflow at the limits of int64.
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(YearlyMargin(kMax, 365), kMax);
  EXPECT_EQ(YearlyMargin(kMax, 730), 4'611'686'018'427'387'903);
  EXPECT_EQ(YearlyMargin(kMax, 1'000), 3'366'530'793'451'993'169);
  EXPECT_EQ(YearlyMargin(kMin, 365), kMin);
  EXPECT_EQ(YearlyMargin(kMin, 1'000), -3'366'530'793'451'993'169);
}

TEST(RelationshipRulesTest, WinBackCapIsTheExpectedMarginMinusWhatWasSpentNeverBelowZero) {
  EXPECT_EQ(WinBackCap(32'500, 0), 32'500);
  EXPECT_EQ(WinBackCap(32'500, 10'000), 22'500);
  EXPECT_EQ(WinBackCap(32'500, 32'499), 1);
  EXPECT_EQ(WinBackCap(32'500, 32'500), 0);
  EXPECT_EQ(WinBackCap(32'500, 40'000), 0);
  EXPECT_EQ(WinBackCap(0, 0), 0);
  EXPECT_EQ(WinBackCap(-500, 0), 0) << "a customer who cost us money has no budget";
  // The whole chain: 65000 over two years, 10000 offered already.
  EXPECT_EQ(WinBackCap(YearlyMargin(65'000, 730), 10'000), 22'500);
}

TEST(RelationshipRulesTest, FormatMoneyShowsTwoDecimalsAndTheCurrency) {
  EXPECT_EQ(FormatMoney(0, "EUR"), "0.00 EUR");
  EXPECT_EQ(FormatMoney(5, "USD"), "0.05 USD");
  EXPECT_EQ(FormatMoney(50, "USD"), "0.50 USD");
  EXPECT_EQ(FormatMoney(32'500, "EUR"), "325.00 EUR");
  EXPECT_EQ(FormatMoney(123'456, "EUR"), "1234.56 EUR");
  EXPECT_EQ(FormatMoney(-105, "USD"), "-1.05 USD");
  EXPECT_EQ(FormatMoney(-5, "USD"), "-0.05 USD");
  EXPECT_EQ(FormatMoney(std::numeric_limits<std::int64_t>::max(), "EUR"), "92233720368547758.07 EUR");
  EXPECT_EQ(FormatMoney(std::numeric_limits<std::int64_t>::min(), "EUR"), "-92233720368547758.08 EUR");
}

// ---- appreciation -------------------------------------------------------------------------------

TEST(RelationshipRulesTest, InvitationResponseNamesRoundTrip) {
  for (auto r : {InvitationResponse::kPending, InvitationResponse::kAccepted, InvitationResponse::kDeclined})
    EXPECT_EQ(ParseInvitationResponse(InvitationResponseName(r)), r);
  EXPECT_EQ(InvitationResponseName(InvitationResponse::kPending), "pending");
  EXPECT_EQ(InvitationResponseName(InvitationResponse::kAccepted), "accepted");
  EXPECT_EQ(InvitationResponseName(InvitationResponse::kDeclined), "declined");
  for (const char* bad : {"", "Accepted", "accept", "yes", "maybe"})
    EXPECT_FALSE(ParseInvitationResponse(bad)) << '"' << bad << '"';
}

// ---- validation before the store ----------------------------------------------------------------

// A store that only counts how often it was reached: input refused by validation never gets here.
class CountingStore final : public Store {
 public:
  int reached = 0;
  core::Status Read(const Work&) override { return Reached(); }
  core::Status Write(const Work&) override { return Reached(); }
  core::Status PurgeDeletedData(std::span<const std::string_view>) override { return Reached(); }

 private:
  core::Status Reached() {
    ++reached;
    return core::Fail(core::Error::Unavailable("the store was reached"));
  }
};

class RelationshipValidationTest : public ::testing::Test {
 protected:
  // Passed validation: the call reached the store (and got its error).
  template <typename T>
  bool ReachedStore(const T& result) {
    const bool reached = store_.reached > reached_before_;
    reached_before_ = store_.reached;
    return reached && !result && result.error().code == ErrorCode::kUnavailable;
  }
  template <typename T>
  std::string Refused(const T& result) {
    EXPECT_EQ(store_.reached, reached_before_) << "refused input must not reach the store";
    reached_before_ = store_.reached;
    return FieldsOf(result);
  }

  CountingStore store_;
  int reached_before_ = 0;
  core::ManualClock clock_{core::Timestamp{1'790'000'000'000}};
  Actor admin_{1, Role::kAdmin, std::nullopt, "test"};
  Actor manager_{2, Role::kManager, std::nullopt, "test"};
  Actor rep_{3, Role::kRep, "north", "test"};
};

TEST_F(RelationshipValidationTest, SubscriptionInputNamesEveryBadField) {
  SubscriptionService svc(store_, clock_, "EUR");
  SubscriptionInput empty;
  EXPECT_EQ(Refused(svc.Create(admin_, empty)), "customer_id,product_id,term_months");

  SubscriptionInput in;
  in.customer_id = 1;
  in.product_id = 2;
  in.term_months = 12;
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  for (std::int64_t term : {1, 120}) {
    in.term_months = term;
    EXPECT_TRUE(ReachedStore(svc.Create(admin_, in))) << term;
  }
  for (std::int64_t term : {0, -1, 121}) {
    in.term_months = term;
    EXPECT_EQ(Refused(svc.Create(admin_, in)), "term_months") << term;
  }
  in.term_months = 12;
  in.price_cents = 0;
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.price_cents = 1'000'000'000'000;
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.price_cents = -1;
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "price_cents");
  in.price_cents = 1'000'000'000'001;
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "price_cents");
  in.price_cents.reset();
  in.currency = "EUR";
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.currency = "USD";
  auto r = svc.Create(admin_, in);
  EXPECT_EQ(Refused(r), "currency");
  EXPECT_EQ(ReasonOf(r, "currency"), "must be the workspace currency EUR");
  in.currency.reset();
  in.decode_errors = {{"started_on", "not a date"}};
  r = svc.Create(admin_, in);
  EXPECT_EQ(Refused(r), "started_on");
  EXPECT_EQ(ReasonOf(r, "started_on"), "not a date") << "the decoder's reason is kept";
  in.decode_errors = {{"term_months", "not a number"}};
  in.term_months.reset();
  r = svc.Create(admin_, in);
  EXPECT_EQ(Refused(r), "term_months");
  EXPECT_EQ(ReasonOf(r, "term_months"), "not a number") << "not replaced by 'required'";
}

TEST_F(RelationshipValidationTest, CancellingNeedsAReasonOfAtMost500Characters) {
  SubscriptionService svc(store_, clock_, "EUR");
  EXPECT_EQ(Refused(svc.Cancel(admin_, 1, std::nullopt)), "reason");
  EXPECT_EQ(Refused(svc.Cancel(admin_, 1, std::string(" \t "))), "reason") << "blank";
  EXPECT_EQ(Refused(svc.Cancel(admin_, 1, std::string("\xff\xfe"))), "reason") << "not UTF-8";
  EXPECT_EQ(Refused(svc.Cancel(admin_, 1, std::string(501, 'x'))), "reason");
  EXPECT_TRUE(ReachedStore(svc.Cancel(admin_, 1, std::string(500, 'x'))));
  std::string umlauts;
  for (int i = 0; i < 500; ++i) umlauts += "ü";  // 500 characters, 1000 bytes
  EXPECT_TRUE(ReachedStore(svc.Cancel(admin_, 1, umlauts)));
  EXPECT_TRUE(ReachedStore(svc.Cancel(admin_, 1, "  " + std::string(500, 'x') + "  "))) << "trimmed first";
}

TEST_F(RelationshipValidationTest, RenewalNoticeDaysAreForManagersFrom0To366) {
  SubscriptionService svc(store_, clock_, "EUR");
  auto r = svc.SetNoticeDays(rep_, 10);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_.reached, 0);
  EXPECT_EQ(Refused(svc.SetNoticeDays(admin_, -1)), "renewal_notice_days");
  EXPECT_EQ(Refused(svc.SetNoticeDays(manager_, 367)), "renewal_notice_days");
  EXPECT_TRUE(ReachedStore(svc.SetNoticeDays(manager_, 0)));
  EXPECT_TRUE(ReachedStore(svc.SetNoticeDays(admin_, 366)));
  EXPECT_EQ(Refused(svc.List(admin_, SubscriptionQuery{}, "not-a-cursor")), "cursor");
  EXPECT_TRUE(ReachedStore(svc.List(admin_, SubscriptionQuery{}, "42")));
}

TEST_F(RelationshipValidationTest, WinBackOfferNeedsADescriptionAndACostInRange) {
  WinBackService svc(store_, clock_, "EUR");
  EXPECT_EQ(Refused(svc.Offer(admin_, 1, WinBackOfferInput{})), "cost_cents,description");
  WinBackOfferInput in;
  in.description = "A free month";
  in.cost_cents = 0;
  EXPECT_TRUE(ReachedStore(svc.Offer(admin_, 1, in)));
  in.cost_cents = 1'000'000'000'000;
  EXPECT_TRUE(ReachedStore(svc.Offer(admin_, 1, in)));
  in.cost_cents = -1;
  EXPECT_EQ(Refused(svc.Offer(admin_, 1, in)), "cost_cents");
  in.cost_cents = 1'000'000'000'001;
  EXPECT_EQ(Refused(svc.Offer(admin_, 1, in)), "cost_cents");
  in.cost_cents = 100;
  in.description = "   ";
  EXPECT_EQ(Refused(svc.Offer(admin_, 1, in)), "description") << "blank";
  in.description = std::string("\xc3");
  EXPECT_EQ(Refused(svc.Offer(admin_, 1, in)), "description") << "not UTF-8";
  in.description = std::string(501, 'x');
  EXPECT_EQ(Refused(svc.Offer(admin_, 1, in)), "description");
  in.description = std::string(500, 'x');
  EXPECT_TRUE(ReachedStore(svc.Offer(admin_, 1, in)));
  in.description.reset();
  in.cost_cents.reset();
  in.decode_errors = {{"cost_cents", "not an integer"}};
  auto r = svc.Offer(admin_, 1, in);
  EXPECT_EQ(Refused(r), "cost_cents,description");
  EXPECT_EQ(ReasonOf(r, "cost_cents"), "not an integer");
}

TEST_F(RelationshipValidationTest, ReferralInputNamesEveryBadField) {
  ReferralService svc(store_, clock_);
  EXPECT_EQ(Refused(svc.Create(admin_, ReferralInput{})), "referred_id,referrer_id");
  ReferralInput in;
  in.referrer_id = 1;
  in.referred_id = 2;
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.referred_id = 1;
  auto r = svc.Create(admin_, in);
  EXPECT_EQ(Refused(r), "referred_id");
  EXPECT_EQ(ReasonOf(r, "referred_id"), "a customer cannot refer themselves");
  in.referred_id = 2;

  // referred_at: up to a day ahead of the clock is tolerated (time zones), not more.
  in.referred_at = core::Timestamp{clock_.Now().ms + kMsPerDay};
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.referred_at = core::Timestamp{clock_.Now().ms + kMsPerDay + 1};
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "referred_at");
  in.referred_at = core::Timestamp{0};
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.referred_at.reset();

  in.channel = std::string(100, 'c');
  in.note = std::string(1'000, 'n');
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.channel = std::string(101, 'c');
  in.note = std::string(1'001, 'n');
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "channel,note");
  in.channel = std::string("\xff");
  in.note = "   ";  // blank is absent, not an error
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "channel");
  in.channel.reset();
  in.referrer_id = 5;
  in.referred_id = 5;
  in.referred_at = core::Timestamp{clock_.Now().ms + 2 * kMsPerDay};
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "referred_at,referred_id");
  EXPECT_EQ(Refused(svc.List(admin_, ReferralQuery{}, "-1")), "cursor");
}

TEST_F(RelationshipValidationTest, EventsAreOrganisedByManagersWithValidFields) {
  AppreciationService svc(store_, clock_);
  auto forbidden = svc.Create(rep_, AppreciationEventInput{});
  ASSERT_FALSE(forbidden);
  EXPECT_EQ(forbidden.error().code, ErrorCode::kPermissionDenied);
  auto forbidden_update = svc.Update(rep_, 1, AppreciationEventInput{}, std::nullopt);
  ASSERT_FALSE(forbidden_update);
  EXPECT_EQ(forbidden_update.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(store_.reached, 0);

  EXPECT_EQ(Refused(svc.Create(manager_, AppreciationEventInput{})), "name,place,starts_at");
  AppreciationEventInput in;
  in.name = std::optional<std::string>("Gala");
  in.starts_at = std::optional<core::Timestamp>(core::Timestamp{1'800'000'000'000});
  in.place = std::optional<std::string>("Rooftop");
  EXPECT_TRUE(ReachedStore(svc.Create(manager_, in)));
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));

  // An online event needs no place; one that is not online does.
  in.place = std::optional<std::string>(std::nullopt);
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "place");
  in.place = std::optional<std::string>("  ");
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "place") << "blank";
  in.online = std::optional<bool>(true);
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.online = std::optional<bool>(std::nullopt);
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "online") << "null is not a flag";
  in.online = std::optional<bool>(false);
  in.place = std::optional<std::string>(std::string(300, 'p'));
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.place = std::optional<std::string>(std::string(301, 'p'));
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "place");
  in.place = std::optional<std::string>("Rooftop");

  in.name = std::optional<std::string>(std::string(200, 'n'));
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in)));
  in.name = std::optional<std::string>(std::string(201, 'n'));
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "name");
  in.name = std::optional<std::string>(std::nullopt);
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "name") << "null";
  in.name = std::optional<std::string>(" ");
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "name") << "blank";
  in.name = std::optional<std::string>(std::string("\xe2\x82"));
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "name") << "not UTF-8";
  in.name = std::optional<std::string>("Gala");

  in.starts_at = std::optional<core::Timestamp>(std::nullopt);
  EXPECT_EQ(Refused(svc.Create(admin_, in)), "starts_at") << "null";
  in.starts_at = std::optional<core::Timestamp>(core::Timestamp{1'800'000'000'000});

  for (std::int64_t ok : {1, 1'000'000}) {
    in.capacity = std::optional<std::int64_t>(ok);
    EXPECT_TRUE(ReachedStore(svc.Create(admin_, in))) << ok;
  }
  in.capacity = std::optional<std::int64_t>(std::nullopt);
  EXPECT_TRUE(ReachedStore(svc.Create(admin_, in))) << "null: no limit";
  for (std::int64_t bad : {0, -1, 1'000'001}) {
    in.capacity = std::optional<std::int64_t>(bad);
    EXPECT_EQ(Refused(svc.Create(admin_, in)), "capacity") << bad;
  }
}

TEST_F(RelationshipValidationTest, InvitationsAndResponsesAreCheckedBeforeTheStore) {
  AppreciationService svc(store_, clock_);
  EXPECT_EQ(Refused(svc.Invite(admin_, 1, {})), "customer_ids");
  std::vector<Id> many(kMaxInvitesPerRequest + 1, 7);
  EXPECT_EQ(Refused(svc.Invite(admin_, 1, many)), "customer_ids");
  many.pop_back();
  EXPECT_TRUE(ReachedStore(svc.Invite(admin_, 1, many))) << "at most 1000 ids (duplicates count)";
  EXPECT_TRUE(ReachedStore(svc.Invite(rep_, 1, {1, 2})));

  EXPECT_EQ(Refused(svc.Respond(admin_, 1, 2, InvitationUpdate{})), "response") << "nothing to change";
  InvitationUpdate up;
  up.response = InvitationResponse::kAccepted;
  EXPECT_TRUE(ReachedStore(svc.Respond(rep_, 1, 2, up)));
  up.response.reset();
  up.attended = std::optional<bool>(std::nullopt);  // back to "not recorded" is a change
  EXPECT_TRUE(ReachedStore(svc.Respond(rep_, 1, 2, up)));
  up.attended.reset();
  up.decode_errors = {{"attended", "must be true, false or null"}};
  auto r = svc.Respond(rep_, 1, 2, up);
  EXPECT_EQ(Refused(r), "attended");
  EXPECT_EQ(ReasonOf(r, "attended"), "must be true, false or null");

  EXPECT_EQ(Refused(svc.Invitations(rep_, 1, 10, "x1")), "cursor");
  EXPECT_EQ(Refused(svc.List(rep_, EventQuery{}, "")), "cursor");
}

}  // namespace
}  // namespace rapport::domain
