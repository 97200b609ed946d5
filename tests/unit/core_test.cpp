#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/id.hpp"
#include "core/random.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace rapport::core {
namespace {

TEST(Time, FormatsAndParsesIso8601) {
  const Timestamp t{1'795'425'290'123};
  const std::string text = FormatIso8601(t);
  EXPECT_EQ(text, "2026-11-23T09:14:50.123Z");
  EXPECT_EQ(ParseIso8601(text), t);
  EXPECT_EQ(ParseIso8601("2026-11-23T10:14:50.123+01:00"), t);
  EXPECT_EQ(ParseIso8601("1970-01-01"), Timestamp{0});
  EXPECT_FALSE(ParseIso8601("2026-02-30"));
  EXPECT_FALSE(ParseIso8601("2026-11-23T09:14:50"));  // a time needs a zone
  EXPECT_FALSE(ParseIso8601("yesterday"));
}

TEST(Id, ParsesOnlyCanonicalPositiveDecimals) {
  EXPECT_EQ(ParseId("12"), 12);
  EXPECT_FALSE(ParseId("012"));
  EXPECT_FALSE(ParseId("-1"));
  EXPECT_FALSE(ParseId("0"));
  EXPECT_FALSE(ParseId("1e3"));
  EXPECT_FALSE(ParseId("99999999999999999999"));
}

TEST(Text, FoldsUnicodeCase) {
  EXPECT_EQ(FoldCase("ÅNGSTRÖM"), FoldCase("ångström"));
  EXPECT_EQ(FoldCase("Straße"), "strasse");
  EXPECT_EQ(FoldCase("ABC def"), "abc def");
}

TEST(Text, TrimsUnicodeSpaceAndCountsCodepoints) {
  EXPECT_EQ(Trim("\u00a0 Zoë \t\n"), "Zoë");
  EXPECT_EQ(CodepointCount("Zoë"), 3u);
  EXPECT_TRUE(IsValidUtf8("Zoë"));
  EXPECT_FALSE(IsValidUtf8("\xff\xfe"));
}

TEST(Random, IsDeterministicForASeed) {
  SeededRandom a(7), b(7), c(8);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.NextU64(), b.NextU64());
  EXPECT_NE(SeededRandom(7).NextU64(), c.NextU64());
  SeededRandom r(1);
  for (int i = 0; i < 1000; ++i) {
    const auto v = r.Between(3, 5);
    EXPECT_GE(v, 3);
    EXPECT_LE(v, 5);
  }
}

TEST(Crypto, PasswordsAndTokens) {
  ASSERT_TRUE(InitCrypto());
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  const auto t1 = NewApiTokenSecret(), t2 = NewApiTokenSecret();
  EXPECT_NE(t1, t2);
  EXPECT_TRUE(t1.starts_with("rpt_"));
  EXPECT_EQ(HashTokenSecret(t1), HashTokenSecret(t1));
  EXPECT_NE(HashTokenSecret(t1), HashTokenSecret(t2));
  EXPECT_EQ(HashTokenSecret(t1).size(), 64u);
}

}  // namespace
}  // namespace rapport::core
