#include <gtest/gtest.h>

#include "domain/customer/customer_query.hpp"
#include "domain/customer/customer_rules.hpp"

namespace rapport::domain {
namespace {

CustomerInput Named(std::string name) {
  CustomerInput in;
  in.name = std::optional<std::string>{std::move(name)};
  return in;
}

TEST(CustomerRules, NameIsRequiredAndTrimmed) {
  Customer c;
  EXPECT_FALSE(ApplyCustomerInput(CustomerInput{}, true, c));
  Customer blank;
  auto r = ApplyCustomerInput(Named("   "), true, blank);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().fields.contains("name"));
  Customer ok;
  ASSERT_TRUE(ApplyCustomerInput(Named("  Ada Lovelace \t"), true, ok));
  EXPECT_EQ(ok.name, "Ada Lovelace");
}

TEST(CustomerRules, NameLengthCountsCharactersNotBytes) {
  std::string name;
  for (int i = 0; i < 200; ++i) name += "å";  // 400 bytes, 200 characters
  Customer c;
  EXPECT_TRUE(ApplyCustomerInput(Named(name), true, c));
  Customer too_long;
  auto r = ApplyCustomerInput(Named(name + "x"), true, too_long);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().fields.at("name").find("too long"), std::string::npos);
}

TEST(CustomerRules, EveryBadFieldIsNamed) {
  CustomerInput in = Named("Bob");
  in.email = std::optional<std::string>{"not-an-email"};
  in.time_zone = std::optional<std::string>{"Mars/Olympus"};
  in.acquisition_cost_cents = std::optional<std::int64_t>{-1};
  in.tags = std::optional<std::vector<std::string>>{std::vector<std::string>{"ok", ""}};
  Customer c;
  auto r = ApplyCustomerInput(in, true, c);
  ASSERT_FALSE(r);
  const auto& f = r.error().fields;
  EXPECT_TRUE(f.contains("email"));
  EXPECT_TRUE(f.contains("time_zone"));
  EXPECT_TRUE(f.contains("acquisition_cost_cents"));
  EXPECT_TRUE(f.contains("tags[1]"));
}

TEST(CustomerRules, KnownTimeZonesAndEmails) {
  EXPECT_TRUE(IsKnownTimeZone("Europe/Berlin"));
  EXPECT_TRUE(IsKnownTimeZone("America/Argentina/Buenos_Aires"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_FALSE(IsKnownTimeZone("Europe/Atlantis"));
  EXPECT_TRUE(IsValidEmail("ana.garcia+crm@example.co.uk"));
  EXPECT_FALSE(IsValidEmail("ana@@example.com"));
  EXPECT_FALSE(IsValidEmail("ana@localhost"));
  EXPECT_FALSE(IsValidEmail("a b@example.com"));
}

TEST(CustomerRules, PatchMergesAndClears) {
  Customer c;
  CustomerInput create = Named("Zoë");
  create.email = std::optional<std::string>{"zoe@example.com"};
  CustomerInput::AddressPatch a;
  a.city = std::optional<std::string>{"Paris"};
  a.country = std::optional<std::string>{"FR"};
  create.address = std::optional<CustomerInput::AddressPatch>{a};
  create.custom = std::optional<std::map<std::string, std::optional<std::string>>>{
      {{"size", std::optional<std::string>{"12"}}, {"vip", std::optional<std::string>{"true"}}}};
  ASSERT_TRUE(ApplyCustomerInput(create, true, c));

  CustomerInput patch;
  patch.email = std::optional<std::string>{};  // null clears
  CustomerInput::AddressPatch city_only;
  city_only.city = std::optional<std::string>{"Lyon"};
  patch.address = std::optional<CustomerInput::AddressPatch>{city_only};
  patch.custom = std::optional<std::map<std::string, std::optional<std::string>>>{
      {{"vip", std::nullopt}}};
  ASSERT_TRUE(ApplyCustomerInput(patch, false, c));
  EXPECT_EQ(c.name, "Zoë");
  EXPECT_FALSE(c.email);
  EXPECT_EQ(c.address.city, "Lyon");
  EXPECT_EQ(c.address.country, "FR");
  EXPECT_EQ(c.custom.size(), 1u);
  EXPECT_EQ(c.custom.at("size"), "12");
}

TEST(CustomerRules, KindCannotChangeAndCompaniesHaveNoCompany) {
  Customer c;
  CustomerInput create = Named("Acme");
  create.kind = std::optional<CustomerKind>{CustomerKind::kCompany};
  ASSERT_TRUE(ApplyCustomerInput(create, true, c));
  CustomerInput patch;
  patch.kind = std::optional<CustomerKind>{CustomerKind::kPerson};
  Customer copy = c;
  auto r = ApplyCustomerInput(patch, false, copy);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.error().fields.contains("kind"));
  CustomerInput join;
  join.company_id = std::optional<core::Id>{7};
  Customer copy2 = c;
  auto r2 = ApplyCustomerInput(join, false, copy2);
  ASSERT_FALSE(r2);
  EXPECT_TRUE(r2.error().fields.contains("company_id"));
}

TEST(CustomerRules, SearchTextIsFoldedAndHasPhoneDigits) {
  Customer c;
  c.name = "ÅNGSTRÖM Anders";
  c.email = "Anders@Example.COM";
  c.phone = "+46 (8) 123-45";
  const std::string text = SearchTextFor(c);
  EXPECT_NE(text.find("ångström"), std::string::npos) << text;
  EXPECT_NE(text.find("anders@example.com"), std::string::npos);
  EXPECT_NE(text.find("46812345"), std::string::npos);
}

TEST(CustomerCursor, RoundTripsAndRejectsForeignOrStale) {
  Customer last;
  last.id = 42;
  last.name = "Émile";
  const auto sort = *ParseCustomerSort("name");
  const auto encoded = EncodeCursor(CursorAfter(last, sort));
  auto decoded = DecodeCursor(encoded, sort);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->id, 42);
  EXPECT_EQ(decoded->text_value, "émile");
  auto other_sort = DecodeCursor(encoded, *ParseCustomerSort("-created_at"));
  ASSERT_FALSE(other_sort);
  EXPECT_TRUE(other_sort.error().fields.contains("cursor"));
  EXPECT_FALSE(DecodeCursor("garbage!!", sort));
  EXPECT_FALSE(DecodeCursor("", sort));
}

TEST(CustomerSort, ParsesEveryAdvertisedName) {
  for (const auto& name : CustomerSortNames()) {
    auto s = ParseCustomerSort(name);
    ASSERT_TRUE(s) << name;
    EXPECT_EQ(CustomerSortName(*s), name);
  }
  EXPECT_FALSE(ParseCustomerSort("email"));
}

}  // namespace
}  // namespace rapport::domain
