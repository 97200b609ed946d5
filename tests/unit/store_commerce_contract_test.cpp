// The storage contract of the commerce repositories (store/common, one SQL for both backends),
// run on every backend (see store_test_fixture.hpp): products, deals, orders and their
// adjustments, the cross-sell bookkeeping, the loyalty ledger and the outbox.
#include <gtest/gtest.h>

#include <map>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "core/text.hpp"
#include "domain/deal/deal_service.hpp"
#include "store_test_fixture.hpp"

namespace rapport::store {
namespace {

using core::Id;
using core::Timestamp;
using domain::CustomerScope;
using domain::Deal;
using domain::DealStage;
using domain::LedgerEntry;
using domain::LedgerKind;
using domain::Order;
using domain::OrderStatus;
using domain::Product;
using domain::Role;
using domain::Txn;

constexpr std::int64_t kDay = core::kMsPerDay;

class StoreCommerceTest : public testing::StoreFixture {
 protected:

  Timestamp At(std::int64_t days) const { return Timestamp{t0_.ms + days * kDay}; }

  // ---- products
  Product NewProduct(std::string name, std::string sku, std::int64_t price = 1'000, bool active = true) {
    Product p;
    p.name = std::move(name);
    p.sku = std::move(sku);
    p.price_cents = price;
    p.margin_cents = price / 4;
    p.active = active;
    p.created_at = p.updated_at = clock_.Now();
    return p;
  }
  Id AddProduct(const Product& p) {
    return Write<Id>([&](Txn& t) { return t.Products().Insert(p); });
  }
  Id AddProduct(std::string name, std::string sku, bool active = true) {
    return AddProduct(NewProduct(std::move(name), std::move(sku), 1'000, active));
  }
  std::optional<Product> FindProduct(Id id) {
    return Read<std::optional<Product>>([&](Txn& t) { return t.Products().Find(id); });
  }
  std::vector<Id> ProductIds(const domain::ProductQuery& q) {
    std::vector<Id> ids;
    for (const auto& p : Read<std::vector<Product>>([&](Txn& t) { return t.Products().List(q); }))
      ids.push_back(p.id);
    return ids;
  }

  // ---- deals
  Deal NewDeal(Id customer, Id owner, DealStage stage = DealStage::kProposal, std::int64_t amount = 10'000) {
    Deal d;
    d.customer_id = customer;
    d.owner_id = owner;
    d.title = "Deal for " + std::to_string(customer);
    d.amount_cents = amount;
    d.currency = "EUR";
    d.stage = stage;
    d.created_at = d.updated_at = d.stage_changed_at = clock_.Now();
    if (!domain::IsOpen(stage)) d.closed_at = clock_.Now();
    if (stage == DealStage::kLost) d.lost_reason = "price";
    return d;
  }
  Id AddDeal(const Deal& d) {
    return Write<Id>([&](Txn& t) { return t.Deals().Insert(d); });
  }
  std::optional<Deal> FindDeal(Id id, const CustomerScope& scope, bool in_write = false) {
    auto find = [&](Txn& t) { return t.Deals().Find(id, scope); };
    return in_write ? Write<std::optional<Deal>>(find) : Read<std::optional<Deal>>(find);
  }
  std::vector<Id> DealIds(const domain::DealQuery& q) {
    std::vector<Id> ids;
    for (const auto& d : Read<std::vector<Deal>>([&](Txn& t) { return t.Deals().List(q); })) ids.push_back(d.id);
    return ids;
  }

  // ---- orders
  Order NewOrder(Id customer, Timestamp at, std::int64_t amount = 5'000) {
    Order o;
    o.customer_id = customer;
    o.ordered_at = at;
    o.currency = "EUR";
    o.amount_cents = amount;
    o.margin_cents = amount / 5;
    o.created_by = actor_.user_id;
    o.created_at = o.updated_at = clock_.Now();
    return o;
  }
  Id AddOrder(const Order& o) {
    return Write<Id>([&](Txn& t) { return t.Orders().Insert(o); });
  }
  std::optional<Order> FindOrder(Id id, const CustomerScope& scope = CustomerScope::Everyone()) {
    return Read<std::optional<Order>>([&](Txn& t) { return t.Orders().Find(id, scope); });
  }
  std::vector<Id> OrderIds(const domain::OrderQuery& q) {
    std::vector<Id> ids;
    for (const auto& o : Read<std::vector<Order>>([&](Txn& t) { return t.Orders().List(q); })) ids.push_back(o.id);
    return ids;
  }

  // ---- loyalty
  Id AddLedger(Id customer, Timestamp at, LedgerKind kind, std::int64_t points,
               std::optional<Id> order = std::nullopt) {
    LedgerEntry e;
    e.customer_id = customer;
    e.at = at;
    e.kind = kind;
    e.points = points;
    e.order_id = order;
    Do([&](Txn& t) { return t.Loyalty().Append(e); });
    EXPECT_GT(e.id, 0);
    return e.id;
  }

  // Rows of a query run outside the store on a connection of its own ("a|b|c" per row): for
  // tables no repository reads back (the cross-sell counts).
  std::vector<std::string> RawRows(const std::string& sql) {
    std::vector<std::string> rows;
    if (OnPostgres()) {
      PGconn* c = PQconnectdb(path_.c_str());
      EXPECT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
      PGresult* r = PQexec(c, sql.c_str());
      EXPECT_EQ(PQresultStatus(r), PGRES_TUPLES_OK) << PQerrorMessage(c);
      for (int i = 0; i < PQntuples(r); ++i) {
        std::string row;
        for (int j = 0; j < PQnfields(r); ++j) row += (j ? "|" : "") + std::string(PQgetvalue(r, i, j));
        rows.push_back(row);
      }
      PQclear(r);
      PQfinish(c);
    } else {
      sqlite3* db = nullptr;
      EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
      sqlite3_stmt* s = nullptr;
      EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
      while (s && sqlite3_step(s) == SQLITE_ROW) {
        std::string row;
        for (int j = 0; j < sqlite3_column_count(s); ++j) {
          const auto* text = sqlite3_column_text(s, j);
          row += (j ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "");
        }
        rows.push_back(row);
      }
      sqlite3_finalize(s);
      sqlite3_close(db);
    }
    return rows;
  }

  // Reps a1 and a2 in team "north", b in "south", solo without a team.
  void MakeTeam() {
    a1_ = InsertUser("a1@example.com", Role::kRep, "north");
    a2_ = InsertUser("a2@example.com", Role::kRep, "north");
    b_ = InsertUser("b@example.com", Role::kRep, "south");
    solo_ = InsertUser("solo@example.com", Role::kRep);
  }
  static CustomerScope Scope(Id user, std::optional<std::string> team = std::nullopt) {
    return CustomerScope{user, std::move(team)};
  }

  const Timestamp t0_{1'790'000'000'000};
  Id a1_ = 0, a2_ = 0, b_ = 0, solo_ = 0;
};

// ---- products -----------------------------------------------------------------------------------

TEST_P(StoreCommerceTest, ProductRoundTripsEveryFieldAndUpdates) {
  const Id other = AddProduct("Other", "OTH-1");
  Product p = NewProduct("Widget Pro", "WID-1", 2'500);
  p.margin_cents = 900;
  p.complements = {other, 99};
  p.limits = {{"seats", 25}, {"storage_gb", 0.5}};
  p.created_at = Timestamp{1'790'000'000'123};
  p.updated_at = Timestamp{1'790'000'000'456};
  const Id id = AddProduct(p);
  ASSERT_GT(id, other);

  auto found = FindProduct(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->name, "Widget Pro");
  EXPECT_EQ(found->sku, "WID-1");
  EXPECT_EQ(found->price_cents, 2'500);
  EXPECT_EQ(found->margin_cents, 900);
  EXPECT_TRUE(found->active);
  EXPECT_EQ(found->complements, (std::vector<Id>{other, 99}));
  EXPECT_EQ(found->limits, (std::map<std::string, double>{{"seats", 25}, {"storage_gb", 0.5}}));
  EXPECT_EQ(found->created_at.ms, 1'790'000'000'123);
  EXPECT_EQ(found->updated_at.ms, 1'790'000'000'456);
  EXPECT_EQ(found->version, 1);
  EXPECT_FALSE(FindProduct(id + 100));

  Product changed = *found;
  changed.name = "Widget Max";
  changed.sku = "wid-1";  // its own SKU in another case is no conflict
  changed.price_cents = 3'000;
  changed.margin_cents = 0;
  changed.active = false;
  changed.complements.clear();
  changed.limits = {{"api_calls", 1e6}};
  changed.updated_at = Timestamp{1'790'000'100'000};
  changed.version = 2;
  Do([&](Txn& t) { return t.Products().Update(changed); });
  found = FindProduct(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Widget Max");
  EXPECT_EQ(found->sku, "wid-1");
  EXPECT_EQ(found->price_cents, 3'000);
  EXPECT_EQ(found->margin_cents, 0);
  EXPECT_FALSE(found->active);
  EXPECT_TRUE(found->complements.empty());
  EXPECT_EQ(found->limits, (std::map<std::string, double>{{"api_calls", 1e6}}));
  EXPECT_EQ(found->created_at.ms, 1'790'000'000'123) << "update leaves created_at alone";
  EXPECT_EQ(found->updated_at.ms, 1'790'000'100'000);
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(FindProduct(other)->name, "Other") << "only the row with the id changed";
}

TEST_P(StoreCommerceTest, ProductSkuIsUniqueIgnoringCase) {
  const Id first = AddProduct("Widget", "WID-1");
  const Id accented = AddProduct("Äpple", "ÅB-1");
  auto insert = [&](std::string sku) {
    const Product p = NewProduct("Copy", std::move(sku));
    return db_->Write([&](Txn& t) -> core::Status {
      auto r = t.Products().Insert(p);
      if (!r) return core::Fail(r.error());
      return {};
    });
  };
  for (const char* taken : {"WID-1", "wid-1", "Wid-1", "åb-1"}) {
    auto st = insert(taken);
    ASSERT_FALSE(st) << taken;
    EXPECT_EQ(st.error().code, core::ErrorCode::kConflict) << taken << ": " << st.error().message;
  }
  EXPECT_TRUE(insert("WID-2"));

  // Renaming a product onto a taken SKU is refused the same way.
  auto p = FindProduct(accented);
  ASSERT_TRUE(p);
  p->sku = "wId-1";
  auto st = db_->Write([&](Txn& t) { return t.Products().Update(*p); });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, core::ErrorCode::kConflict) << st.error().message;
  EXPECT_EQ(FindProduct(accented)->sku, "ÅB-1") << "the refused write left nothing";
  EXPECT_EQ(FindProduct(first)->sku, "WID-1");
  domain::ProductQuery all;
  EXPECT_EQ(ProductIds(all).size(), 3u);
}

TEST_P(StoreCommerceTest, ProductListFiltersByActiveAndFoldedTextAndPagesById) {
  const Id widget = AddProduct("Widget Pro", "WID-1");
  const Id gadget = AddProduct("Gadget", "GAD-PRO", /*active=*/false);
  const Id cotton = AddProduct("100% Cotton", "TEX_1");
  const Id apple = AddProduct("ÄPPLE Juice", "APL-2");
  const Id plain = AddProduct("Plain", "TEX1");

  domain::ProductQuery q;
  EXPECT_EQ(ProductIds(q), (std::vector<Id>{widget, gadget, cotton, apple, plain}));
  q.active = true;
  EXPECT_EQ(ProductIds(q), (std::vector<Id>{widget, cotton, apple, plain}));
  q.active = false;
  EXPECT_EQ(ProductIds(q), (std::vector<Id>{gadget}));

  auto search = [&](std::string text) {
    domain::ProductQuery s;
    s.q = core::FoldCase(text);  // as ProductService::List passes it
    return ProductIds(s);
  };
  EXPECT_EQ(search("pro"), (std::vector<Id>{widget, gadget})) << "name of one, SKU of the other";
  EXPECT_EQ(search("WID-"), (std::vector<Id>{widget}));
  EXPECT_EQ(search("gad"), (std::vector<Id>{gadget}));
  EXPECT_EQ(search("äpple"), (std::vector<Id>{apple})) << "folded beyond ASCII";
  EXPECT_EQ(search("%"), (std::vector<Id>{cotton})) << "LIKE wildcards in q are literal";
  EXPECT_EQ(search("tex_"), (std::vector<Id>{cotton}));
  EXPECT_EQ(search("tex"), (std::vector<Id>{cotton, plain}));
  EXPECT_TRUE(search("nothing like it").empty());
  q.active = true;
  q.q = "pro";
  EXPECT_EQ(ProductIds(q), (std::vector<Id>{widget})) << "filters combine";

  // Pages by id: limit + 1 rows tell there is more.
  domain::ProductQuery page;
  page.limit = 2;
  EXPECT_EQ(ProductIds(page), (std::vector<Id>{widget, gadget, cotton}));
  page.after_id = gadget;
  EXPECT_EQ(ProductIds(page), (std::vector<Id>{cotton, apple, plain}));
  page.after_id = apple;
  EXPECT_EQ(ProductIds(page), (std::vector<Id>{plain}));
  page.after_id = plain;
  EXPECT_TRUE(ProductIds(page).empty());
}

// ---- deals --------------------------------------------------------------------------------------

TEST_P(StoreCommerceTest, DealRoundTripsEveryFieldAndUpdates) {
  const Id owner = InsertUser("rep@example.com");
  const Id customer = InsertCustomer("Acme", owner);
  const Id p1 = AddProduct("One", "P-1");
  const Id p2 = AddProduct("Two", "P-2");
  Deal d = NewDeal(customer, owner, DealStage::kNegotiation, 2 * 500 + 1'000);
  d.title = "Rollout für Acme";
  d.margin_cents = 700;
  d.expected_close_date = core::ParseDate("2026-04-15");
  d.lines = {{p1, 2, 500}, {p2, 1, 1'000}};
  d.competitor = "Initech";
  d.created_at = Timestamp{1'790'000'000'001};
  d.updated_at = Timestamp{1'790'000'000'002};
  d.stage_changed_at = Timestamp{1'790'000'000'003};
  const Id id = AddDeal(d);
  ASSERT_GT(id, 0);

  auto found = FindDeal(id, CustomerScope::Everyone());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->customer_id, customer);
  EXPECT_EQ(found->owner_id, owner);
  EXPECT_EQ(found->title, "Rollout für Acme");
  EXPECT_EQ(found->amount_cents, 2'000);
  EXPECT_EQ(found->margin_cents, 700);
  EXPECT_EQ(found->currency, "EUR");
  ASSERT_TRUE(found->expected_close_date);
  EXPECT_EQ(core::FormatDate(*found->expected_close_date), "2026-04-15");
  EXPECT_EQ(found->stage, DealStage::kNegotiation);
  ASSERT_EQ(found->lines.size(), 2u);
  EXPECT_EQ(found->lines[0].product_id, p1);
  EXPECT_EQ(found->lines[0].quantity, 2);
  EXPECT_EQ(found->lines[0].unit_price_cents, 500);
  EXPECT_EQ(found->lines[1].product_id, p2);
  EXPECT_EQ(found->lines[1].quantity, 1);
  EXPECT_EQ(found->lines[1].unit_price_cents, 1'000);
  EXPECT_FALSE(found->lost_reason);
  EXPECT_EQ(found->competitor, "Initech");
  EXPECT_FALSE(found->order_id);
  EXPECT_EQ(found->created_at.ms, 1'790'000'000'001);
  EXPECT_EQ(found->updated_at.ms, 1'790'000'000'002);
  EXPECT_EQ(found->stage_changed_at.ms, 1'790'000'000'003);
  EXPECT_FALSE(found->closed_at);
  EXPECT_EQ(found->version, 1);
  EXPECT_FALSE(FindDeal(id + 100, CustomerScope::Everyone()));

  // Lost, then everything optional cleared or set.
  Deal lost = *found;
  lost.stage = DealStage::kLost;
  lost.lost_reason = "went with Initech";
  lost.title = "Rollout";
  lost.amount_cents = 1'500;
  lost.margin_cents.reset();
  lost.expected_close_date.reset();
  lost.lines.clear();
  lost.updated_at = lost.stage_changed_at = Timestamp{1'790'000'000'010};
  lost.closed_at = Timestamp{1'790'000'000'010};
  lost.version = 2;
  Do([&](Txn& t) { return t.Deals().Update(lost); });
  found = FindDeal(id, CustomerScope::Everyone());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->stage, DealStage::kLost);
  EXPECT_EQ(found->lost_reason, "went with Initech");
  EXPECT_EQ(found->competitor, "Initech");
  EXPECT_EQ(found->title, "Rollout");
  EXPECT_EQ(found->amount_cents, 1'500);
  EXPECT_FALSE(found->margin_cents);
  EXPECT_FALSE(found->expected_close_date);
  EXPECT_TRUE(found->lines.empty());
  EXPECT_EQ(found->closed_at, Timestamp{1'790'000'000'010});
  EXPECT_EQ(found->stage_changed_at.ms, 1'790'000'000'010);
  EXPECT_EQ(found->created_at.ms, 1'790'000'000'001);
  EXPECT_EQ(found->version, 2);

  // Won: the order it created.
  Deal won = *found;
  won.stage = DealStage::kWon;
  won.lost_reason.reset();
  won.competitor.reset();
  won.order_id = 4711;
  won.version = 3;
  Do([&](Txn& t) { return t.Deals().Update(won); });
  found = FindDeal(id, CustomerScope::Everyone());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->stage, DealStage::kWon);
  EXPECT_EQ(found->order_id, 4711);
  EXPECT_FALSE(found->lost_reason);
  EXPECT_FALSE(found->competitor);
}

TEST_P(StoreCommerceTest, DealFindRespectsTheCustomerScope) {
  MakeTeam();
  const Id north = InsertCustomer("North Co", a1_);
  const Id south = InsertCustomer("South Co", b_);
  const Id north_deal = AddDeal(NewDeal(north, a1_));
  const Id south_deal = AddDeal(NewDeal(south, b_));

  for (bool in_write : {false, true}) {
    SCOPED_TRACE(in_write ? "in a write" : "in a read");
    EXPECT_TRUE(FindDeal(north_deal, Scope(a1_, "north"), in_write)) << "the owner";
    EXPECT_TRUE(FindDeal(north_deal, Scope(a2_, "north"), in_write)) << "a teammate";
    EXPECT_TRUE(FindDeal(north_deal, Scope(a1_), in_write)) << "the owner without a team";
    EXPECT_FALSE(FindDeal(north_deal, Scope(b_, "south"), in_write)) << "another team";
    EXPECT_FALSE(FindDeal(north_deal, Scope(solo_), in_write)) << "a rep without a team";
    EXPECT_FALSE(FindDeal(south_deal, Scope(a1_, "north"), in_write));
    EXPECT_TRUE(FindDeal(south_deal, Scope(b_, "south"), in_write));
    EXPECT_TRUE(FindDeal(south_deal, CustomerScope::Everyone(), in_write));
  }
}

TEST_P(StoreCommerceTest, DealListFiltersAndPagesNewestFirst) {
  MakeTeam();
  const Id north = InsertCustomer("North Co", a1_);
  const Id north2 = InsertCustomer("North Two", a2_);
  const Id south = InsertCustomer("South Co", b_);
  const Id d1 = AddDeal(NewDeal(north, a1_, DealStage::kProposal));
  const Id d2 = AddDeal(NewDeal(north, a2_, DealStage::kNegotiation));  // owner differs from the customer's
  const Id d3 = AddDeal(NewDeal(south, b_, DealStage::kWon));
  const Id d4 = AddDeal(NewDeal(north2, a2_, DealStage::kLost));
  const Id d5 = AddDeal(NewDeal(south, b_, DealStage::kProposal));
  const Id d6 = AddDeal(NewDeal(north, a1_, DealStage::kWon));

  domain::DealQuery q;
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d6, d5, d4, d3, d2, d1}));
  q.stage = DealStage::kWon;
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d6, d3}));
  q.stage = DealStage::kProposal;
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d5, d1}));
  q.stage.reset();
  q.open_only = true;
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d5, d2, d1}));
  q.customer_id = north;
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d2, d1}));
  q.open_only = false;
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d6, d2, d1}));
  q.customer_id.reset();
  q.owner_id = a2_;
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d4, d2}));
  q.owner_id.reset();

  // The scope applies to the deal's customer, not to the deal's owner.
  q.scope = Scope(b_, "south");
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d5, d3}));
  q.scope = Scope(a1_, "north");
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d6, d4, d2, d1}));
  q.scope = Scope(a1_);
  EXPECT_EQ(DealIds(q), (std::vector<Id>{d6, d2, d1}));
  q.scope = Scope(solo_);
  EXPECT_TRUE(DealIds(q).empty());

  // Pages: limit + 1 rows, then before the last id shown.
  domain::DealQuery page;
  page.limit = 2;
  EXPECT_EQ(DealIds(page), (std::vector<Id>{d6, d5, d4}));
  page.before_id = d5;
  EXPECT_EQ(DealIds(page), (std::vector<Id>{d4, d3, d2}));
  page.before_id = d3;
  EXPECT_EQ(DealIds(page), (std::vector<Id>{d2, d1}));
  page.before_id = d3;
  page.open_only = true;
  EXPECT_EQ(DealIds(page), (std::vector<Id>{d2, d1}));
  page.before_id = d1;
  EXPECT_TRUE(DealIds(page).empty());
}

TEST_P(StoreCommerceTest, DealCountsAndSummaries) {
  MakeTeam();
  const Id north = InsertCustomer("North Co", a1_);
  const Id south = InsertCustomer("South Co", b_);
  Deal open = NewDeal(north, a1_, DealStage::kProposal, 1'000);
  open.expected_close_date = core::ParseDate("2026-05-31");
  open.created_at = Timestamp{100};
  open.stage_changed_at = Timestamp{200};
  const Id d1 = AddDeal(open);
  const Id d2 = AddDeal(NewDeal(north, a2_, DealStage::kNegotiation, 2'000));
  Deal won = NewDeal(north, a1_, DealStage::kWon, 3'000);
  won.created_at = Timestamp{300};
  won.closed_at = Timestamp{900};
  AddDeal(won);
  AddDeal(NewDeal(north, a1_, DealStage::kLost, 4'000));
  AddDeal(NewDeal(south, b_, DealStage::kWon, 5'000));
  AddDeal(NewDeal(south, b_, DealStage::kWon, 6'000));

  auto count_open = [&](Id customer, Id except) {
    return Read<int>([&](Txn& t) { return t.Deals().CountOpen(customer, except); });
  };
  auto count_won = [&](Id customer) { return Read<int>([&](Txn& t) { return t.Deals().CountWon(customer); }); };
  EXPECT_EQ(count_open(north, 0), 2);
  EXPECT_EQ(count_open(north, d1), 1);
  EXPECT_EQ(count_open(north, d2), 1);
  EXPECT_EQ(count_open(south, 0), 0);
  EXPECT_EQ(count_won(north), 1);
  EXPECT_EQ(count_won(south), 2);
  EXPECT_EQ(count_won(north + south + 1), 0);

  // Figures: per stage count, amount, weighted amount and the middle age bases; scope and owner.
  auto figures = [&](const CustomerScope& scope, std::optional<Id> owner) {
    return Read<domain::PipelineFigures>([&](Txn& t) { return t.Deals().Figures(scope, owner); });
  };
  auto amounts = [&](const CustomerScope& scope, std::optional<Id> owner) {
    std::int64_t total = 0;
    for (const auto& f : figures(scope, owner).stages) total += f.amount_cents;
    return total;
  };
  const auto all = figures(CustomerScope::Everyone(), std::nullopt);
  std::map<DealStage, domain::StageFigures> by_stage;
  for (const auto& f : all.stages) by_stage[f.stage] = f;
  ASSERT_EQ(by_stage.size(), 4u);
  EXPECT_EQ(by_stage[DealStage::kProposal].count, 1);
  EXPECT_EQ(by_stage[DealStage::kProposal].weighted_cents, 300);
  EXPECT_EQ(by_stage[DealStage::kProposal].middle, (std::vector<std::int64_t>{200}));  // stage_changed_at
  EXPECT_EQ(by_stage[DealStage::kNegotiation].weighted_cents, 1'200);
  EXPECT_EQ(by_stage[DealStage::kWon].count, 3);
  EXPECT_EQ(by_stage[DealStage::kWon].amount_cents, 14'000);
  EXPECT_EQ(by_stage[DealStage::kWon].weighted_cents, 14'000);
  ASSERT_EQ(by_stage[DealStage::kWon].middle.size(), 1u);  // 3 won deals: the middle one
  EXPECT_EQ(by_stage[DealStage::kLost].weighted_cents, 0);
  ASSERT_EQ(all.forecast.size(), 2u);
  std::map<std::string, domain::MonthFigures> months;
  for (const auto& m : all.forecast) months[m.month] = m;
  EXPECT_EQ(months["2026-05"].amount_cents, 1'000);
  EXPECT_EQ(months[""].amount_cents, 2'000);

  EXPECT_EQ(amounts(CustomerScope::Everyone(), a1_), 1'000 + 3'000 + 4'000);
  EXPECT_EQ(amounts(Scope(b_, "south"), std::nullopt), 5'000 + 6'000);
  EXPECT_EQ(amounts(Scope(a2_, "north"), a2_), 2'000);
  EXPECT_TRUE(figures(Scope(b_, "south"), a1_).stages.empty());
  EXPECT_TRUE(figures(Scope(solo_), std::nullopt).stages.empty());
}

// The pipeline end to end on a known set: the store's aggregates and ComputePipeline give exact
// counts, weights (rounded down per deal), medians (odd and even counts) and the forecast.
TEST_P(StoreCommerceTest, PipelineFiguresOnAKnownSet) {
  MakeTeam();
  const Id c = InsertCustomer("Pipe Co", a1_);
  const Timestamp now{clock_.Now().ms};
  auto days_ago = [&](double d) { return Timestamp{now.ms - static_cast<std::int64_t>(d * kDay)}; };
  auto open = [&](DealStage stage, std::int64_t amount, std::optional<std::string> close, double days_in_stage) {
    Deal d = NewDeal(c, a1_, stage, amount);
    if (close) d.expected_close_date = core::ParseDate(*close);
    d.created_at = days_ago(days_in_stage + 100);
    d.stage_changed_at = days_ago(days_in_stage);
    AddDeal(d);
  };
  auto closed = [&](DealStage stage, std::int64_t amount, double created_days_ago, double closed_days_ago) {
    Deal d = NewDeal(c, a1_, stage, amount);
    d.created_at = days_ago(created_days_ago);
    d.closed_at = days_ago(closed_days_ago);
    d.stage_changed_at = days_ago(1);
    AddDeal(d);
  };
  open(DealStage::kProposal, 10'000, "2026-04-15", 2);
  open(DealStage::kProposal, 5'001, "2026-05-01", 4);
  open(DealStage::kProposal, 2'000, std::nullopt, 9);
  open(DealStage::kNegotiation, 20'000, "2026-04-30", 1);
  open(DealStage::kNegotiation, 333, std::nullopt, 3);
  open(DealStage::kNegotiation, 1'000, "2025-12-20", 5);
  closed(DealStage::kWon, 7'000, 30, 10);
  closed(DealStage::kWon, 3'000, 50, 5);
  closed(DealStage::kLost, 4'000, 20, 15);
  const auto p = domain::ComputePipeline(
      Read<domain::PipelineFigures>([&](Txn& t) { return t.Deals().Figures(CustomerScope::Everyone(), std::nullopt); }),
      now);
  ASSERT_EQ(p.stages.size(), 4u);
  EXPECT_EQ(p.stages[0].count, 3);
  EXPECT_EQ(p.stages[0].amount_cents, 17'001);
  EXPECT_EQ(p.stages[0].weighted_cents, 3'000 + 1'500 + 600);  // 5001 x 30% = 1500.3 -> 1500
  ASSERT_TRUE(p.stages[0].median_age_days);
  EXPECT_NEAR(*p.stages[0].median_age_days, 4.0, 1e-6);
  EXPECT_EQ(p.stages[1].weighted_cents, 12'000 + 199 + 600);  // 333 x 60% = 199.8 -> 199
  EXPECT_NEAR(*p.stages[1].median_age_days, 3.0, 1e-6);
  EXPECT_EQ(p.stages[2].count, 2);
  EXPECT_EQ(p.stages[2].amount_cents, 10'000);
  EXPECT_NEAR(*p.stages[2].median_age_days, 32.5, 1e-6);  // creation to closing: 20 and 45 days
  EXPECT_NEAR(*p.stages[3].median_age_days, 5.0, 1e-6);
  ASSERT_EQ(p.forecast.size(), 4u);
  EXPECT_EQ(p.forecast[0].month, "2025-12");
  EXPECT_EQ(p.forecast[1].month, "2026-04");
  EXPECT_EQ(p.forecast[1].count, 2);
  EXPECT_EQ(p.forecast[1].weighted_cents, 3'000 + 12'000);
  EXPECT_EQ(p.forecast[2].month, "2026-05");
  EXPECT_EQ(p.forecast[3].month, "");
  EXPECT_EQ(p.forecast[3].amount_cents, 2'333);
  EXPECT_EQ(p.forecast[3].weighted_cents, 600 + 199);
}

// ---- orders -------------------------------------------------------------------------------------

TEST_P(StoreCommerceTest, OrderRoundTripsWithItsLinesInOrder) {
  MakeTeam();
  const Id customer = InsertCustomer("North Co", a1_);
  const Id p1 = AddProduct("One", "P-1");
  const Id p2 = AddProduct("Two", "P-2");
  Order o = NewOrder(customer, At(0), 3 * 700 + 1'000);
  o.channel = "web";
  o.margin_cents = 900;
  o.deal_id = 12;
  o.lines = {{p2, 3, 700, 600}, {p1, 1, 1'000, 300}, {p2, 1, 0, 0}};
  o.created_at = Timestamp{1'790'000'000'100};
  o.updated_at = Timestamp{1'790'000'000'200};
  const Id id = AddOrder(o);
  const Id bare = AddOrder(NewOrder(customer, At(1)));

  auto found = FindOrder(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->customer_id, customer);
  EXPECT_EQ(found->ordered_at, At(0));
  EXPECT_EQ(found->currency, "EUR");
  EXPECT_EQ(found->channel, "web");
  EXPECT_EQ(found->amount_cents, 3'100);
  EXPECT_EQ(found->margin_cents, 900);
  EXPECT_EQ(found->refunded_cents, 0);
  EXPECT_EQ(found->refunded_margin_cents, 0);
  EXPECT_FALSE(found->cancelled_at);
  EXPECT_EQ(found->deal_id, 12);
  EXPECT_EQ(found->created_by, actor_.user_id);
  EXPECT_EQ(found->created_at.ms, 1'790'000'000'100);
  EXPECT_EQ(found->updated_at.ms, 1'790'000'000'200);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(found->Status(), OrderStatus::kPlaced);
  ASSERT_EQ(found->lines.size(), 3u);
  EXPECT_EQ(found->lines[0].product_id, p2);
  EXPECT_EQ(found->lines[0].quantity, 3);
  EXPECT_EQ(found->lines[0].unit_price_cents, 700);
  EXPECT_EQ(found->lines[0].margin_cents, 600);
  EXPECT_EQ(found->lines[1].product_id, p1);
  EXPECT_EQ(found->lines[1].margin_cents, 300);
  EXPECT_EQ(found->lines[2].product_id, p2);
  EXPECT_EQ(found->lines[2].unit_price_cents, 0);

  auto plain = FindOrder(bare);
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->lines.empty());
  EXPECT_FALSE(plain->channel);
  EXPECT_FALSE(plain->deal_id);
  EXPECT_FALSE(FindOrder(bare + 100));

  // Visible to whoever sees the customer.
  EXPECT_TRUE(FindOrder(id, Scope(a2_, "north")));
  EXPECT_FALSE(FindOrder(id, Scope(b_, "south")));
  EXPECT_FALSE(FindOrder(id, Scope(solo_)));
  auto in_write = Write<std::optional<Order>>([&](Txn& t) { return t.Orders().Find(id, Scope(a1_, "north")); });
  ASSERT_TRUE(in_write);
  EXPECT_EQ(in_write->lines.size(), 3u);
}

TEST_P(StoreCommerceTest, OrderTotalsAndAdjustments) {
  const Id customer = InsertCustomer("Acme", actor_.user_id);
  const Id id = AddOrder(NewOrder(customer, At(0), 10'000));
  const Id other = AddOrder(NewOrder(customer, At(1), 10'000));

  auto refund = [&](Id order, domain::AdjustmentKind kind, std::int64_t amount, std::int64_t margin, Id by) {
    domain::OrderAdjustment a;
    a.order_id = order;
    a.kind = kind;
    a.at = clock_.Now();
    a.amount_cents = amount;
    a.margin_cents = margin;
    a.reason = "damaged in transit";
    a.by = by;
    Do([&](Txn& t) { return t.Orders().AppendAdjustment(a); });
    return a.id;
  };
  const Id a1 = refund(id, domain::AdjustmentKind::kRefund, 2'500, 500, actor_.user_id);
  Order o = *FindOrder(id);
  o.refunded_cents = 2'500;
  o.refunded_margin_cents = 500;
  o.updated_at = Timestamp{1'790'000'500'000};
  o.version = 2;
  Do([&](Txn& t) { return t.Orders().UpdateTotals(o); });
  auto found = FindOrder(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->refunded_cents, 2'500);
  EXPECT_EQ(found->refunded_margin_cents, 500);
  EXPECT_EQ(found->updated_at.ms, 1'790'000'500'000);
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(found->Status(), OrderStatus::kPartiallyRefunded);
  domain::OrderQuery by_status;
  by_status.status = OrderStatus::kPartiallyRefunded;
  EXPECT_EQ(OrderIds(by_status), (std::vector<Id>{id})) << "the stored status follows the totals";

  clock_.AdvanceMs(1'000);
  const Id a2 = refund(id, domain::AdjustmentKind::kCancellation, 7'500, 1'500, 0);
  o = *found;
  o.refunded_cents = 10'000;
  o.refunded_margin_cents = 2'000;
  o.cancelled_at = clock_.Now();
  o.version = 3;
  Do([&](Txn& t) { return t.Orders().UpdateTotals(o); });
  found = FindOrder(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->cancelled_at, clock_.Now());
  EXPECT_EQ(found->Status(), OrderStatus::kCancelled);
  by_status.status = OrderStatus::kCancelled;
  EXPECT_EQ(OrderIds(by_status), (std::vector<Id>{id}));
  by_status.status = OrderStatus::kPartiallyRefunded;
  EXPECT_TRUE(OrderIds(by_status).empty());
  by_status.status = OrderStatus::kPlaced;
  EXPECT_EQ(OrderIds(by_status), (std::vector<Id>{other}));

  EXPECT_LT(a1, a2);
  auto adjustments = Read<std::vector<domain::OrderAdjustment>>([&](Txn& t) { return t.Orders().Adjustments(id); });
  ASSERT_EQ(adjustments.size(), 2u);
  EXPECT_EQ(adjustments[0].id, a1);
  EXPECT_EQ(adjustments[0].order_id, id);
  EXPECT_EQ(adjustments[0].kind, domain::AdjustmentKind::kRefund);
  EXPECT_EQ(adjustments[0].at, Timestamp{clock_.Now().ms - 1'000});
  EXPECT_EQ(adjustments[0].amount_cents, 2'500);
  EXPECT_EQ(adjustments[0].margin_cents, 500);
  EXPECT_EQ(adjustments[0].reason, "damaged in transit");
  EXPECT_EQ(adjustments[0].by, actor_.user_id);
  EXPECT_EQ(adjustments[1].id, a2);
  EXPECT_EQ(adjustments[1].kind, domain::AdjustmentKind::kCancellation);
  EXPECT_EQ(adjustments[1].amount_cents, 7'500);
  EXPECT_EQ(adjustments[1].by, 0) << "no user (a system action)";
  EXPECT_TRUE(Read<std::vector<domain::OrderAdjustment>>([&](Txn& t) { return t.Orders().Adjustments(other); }).empty());
}

TEST_P(StoreCommerceTest, OrderListFiltersAndPagesNewestFirst) {
  MakeTeam();
  const Id north = InsertCustomer("North Co", a1_);
  const Id south = InsertCustomer("South Co", b_);
  const Id product = AddProduct("One", "P-1");
  Order with_line = NewOrder(north, At(5));
  with_line.lines = {{product, 2, 2'500, 1'000}};
  const Id o1 = AddOrder(with_line);
  const Id o2 = AddOrder(NewOrder(south, At(10)));
  const Id o3 = AddOrder(NewOrder(north, At(20)));
  const Id o4 = AddOrder(NewOrder(north, At(9)));  // recorded late: ids, not dates, order pages
  Order refunded = NewOrder(south, At(30), 1'000);
  refunded.refunded_cents = 1'000;
  const Id o5 = AddOrder(refunded);

  domain::OrderQuery q;
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o5, o4, o3, o2, o1}));
  auto rows = Read<std::vector<Order>>([&](Txn& t) { return t.Orders().List(q); });
  ASSERT_EQ(rows.size(), 5u);
  ASSERT_EQ(rows[4].lines.size(), 1u) << "List loads the lines";
  EXPECT_EQ(rows[4].lines[0].quantity, 2);
  EXPECT_EQ(rows[4].lines[0].margin_cents, 1'000);
  EXPECT_TRUE(rows[0].lines.empty());

  q.customer_id = north;
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o4, o3, o1}));
  q.customer_id.reset();
  q.status = OrderStatus::kRefunded;
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o5}));
  q.status = OrderStatus::kPlaced;
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o4, o3, o2, o1}));
  q.status.reset();

  // ordered_at in [since, until).
  q.since = At(9);
  q.until = At(20);
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o4, o2})) << "at since included, at until excluded";
  q.since = Timestamp{At(9).ms + 1};
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o2}));
  q.until = Timestamp{At(20).ms + 1};
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o3, o2}));
  q.until.reset();
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o5, o3, o2}));
  q.since.reset();
  q.until = At(10);
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o4, o1}));
  q.until.reset();

  q.scope = Scope(b_, "south");
  EXPECT_EQ(OrderIds(q), (std::vector<Id>{o5, o2}));
  q.scope = Scope(solo_);
  EXPECT_TRUE(OrderIds(q).empty());

  domain::OrderQuery page;
  page.limit = 2;
  EXPECT_EQ(OrderIds(page), (std::vector<Id>{o5, o4, o3}));
  page.before_id = o4;
  EXPECT_EQ(OrderIds(page), (std::vector<Id>{o3, o2, o1}));
  page.before_id = o2;
  EXPECT_EQ(OrderIds(page), (std::vector<Id>{o1}));
  page.before_id = o2;
  page.customer_id = north;
  page.limit = 1;
  EXPECT_EQ(OrderIds(page), (std::vector<Id>{o1}));
}

TEST_P(StoreCommerceTest, OrdersOfACustomerOldestFirst) {
  const Id customer = InsertCustomer("Acme", actor_.user_id);
  const Id other = InsertCustomer("Other", actor_.user_id);
  const Id product = AddProduct("One", "P-1");
  Order late = NewOrder(customer, At(30));
  late.lines = {{product, 1, 5'000, 1'000}};
  const Id o1 = AddOrder(late);
  const Id o2 = AddOrder(NewOrder(customer, At(10)));
  const Id o3 = AddOrder(NewOrder(other, At(5)));
  const Id o4 = AddOrder(NewOrder(customer, At(10)));  // same time: by id
  const Id o5 = AddOrder(NewOrder(customer, At(1)));

  auto of = [&](Id c) { return Read<std::vector<Order>>([&](Txn& t) { return t.Orders().OfCustomer(c); }); };
  const auto orders = of(customer);
  std::vector<Id> ids;
  for (const auto& o : orders) ids.push_back(o.id);
  EXPECT_EQ(ids, (std::vector<Id>{o5, o2, o4, o1}));
  ASSERT_EQ(orders.size(), 4u);
  EXPECT_EQ(orders[3].ordered_at, At(30));
  EXPECT_EQ(orders[3].amount_cents, 5'000);
  EXPECT_TRUE(orders[3].lines.empty()) << "lines are not loaded";
  ASSERT_EQ(of(other).size(), 1u);
  EXPECT_EQ(of(other)[0].id, o3);
  EXPECT_TRUE(of(other + customer + 1).empty());
}

TEST_P(StoreCommerceTest, RecordPurchasesCountsEachBuyerOnceAndIsIdempotent) {
  const Id x = InsertCustomer("X", actor_.user_id);
  const Id y = InsertCustomer("Y", actor_.user_id);
  const Id p1 = AddProduct("One", "P-1");
  const Id p2 = AddProduct("Two", "P-2");
  const Id p3 = AddProduct("Three", "P-3");
  auto record = [&](Id customer, std::vector<Id> products) {
    Do([&](Txn& t) { return t.Orders().RecordPurchases(customer, products, clock_.Now()); });
  };
  auto buyers = [&] { return RawRows("SELECT product_id, buyers FROM product_buyers ORDER BY product_id"); };
  auto pairs = [&] {
    return RawRows("SELECT product_id, other_id, buyers FROM product_pairs ORDER BY product_id, other_id");
  };
  auto counter = [&] { return RawRows("SELECT value FROM commerce_counters WHERE name = 'buying_customers'"); };
  auto row = [](std::initializer_list<Id> cells) {
    std::string s;
    for (Id c : cells) s += (s.empty() ? "" : "|") + std::to_string(c);
    return s;
  };

  record(x, {p2, p1, p2});  // duplicates in one order count once
  EXPECT_EQ(buyers(), (std::vector<std::string>{row({p1, 1}), row({p2, 1})}));
  EXPECT_EQ(pairs(), (std::vector<std::string>{row({p1, p2, 1}), row({p2, p1, 1})}));
  EXPECT_EQ(counter(), (std::vector<std::string>{"1"}));

  record(x, {p1, p2});  // nothing new
  clock_.AdvanceMs(kDay);
  record(x, {p2, p3});  // p3 is new: pairs with both products x already has
  record(y, {p3, p1});
  const std::vector<std::string> expected_buyers = {row({p1, 2}), row({p2, 1}), row({p3, 2})};
  const std::vector<std::string> expected_pairs = {row({p1, p2, 1}), row({p1, p3, 2}), row({p2, p1, 1}),
                                                   row({p2, p3, 1}), row({p3, p1, 2}), row({p3, p2, 1})};
  EXPECT_EQ(buyers(), expected_buyers);
  EXPECT_EQ(pairs(), expected_pairs) << "symmetric, one count per customer";
  EXPECT_EQ(counter(), (std::vector<std::string>{"2"}));

  // Repeat purchases and empty orders change nothing.
  record(x, {p1, p2, p3});
  record(y, {p1});
  record(y, {});
  EXPECT_EQ(buyers(), expected_buyers);
  EXPECT_EQ(pairs(), expected_pairs);
  EXPECT_EQ(counter(), (std::vector<std::string>{"2"}));
  EXPECT_EQ(RawRows("SELECT customer_id, product_id, first_ordered_at FROM customer_products "
                    "WHERE customer_id = " + std::to_string(x) + " ORDER BY product_id"),
            (std::vector<std::string>{row({x, p1, clock_.Now().ms - kDay}), row({x, p2, clock_.Now().ms - kDay}),
                                      row({x, p3, clock_.Now().ms})}))
      << "the first purchase's time stays";
}

TEST_P(StoreCommerceTest, ConcurrentPurchasesAreEachCountedOnce) {
  // Eight customers order the same products at once, and one more customer places the same
  // first order from eight threads: no lost update, no deadlock, no double count.
  const Id p1 = AddProduct("One", "P-1");
  const Id p2 = AddProduct("Two", "P-2");
  const Id p3 = AddProduct("Three", "P-3");
  std::vector<Id> customers;
  for (int i = 0; i < 8; ++i) customers.push_back(InsertCustomer("C" + std::to_string(i), actor_.user_id));
  const Id same = InsertCustomer("Same", actor_.user_id);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      // Products in a different order per thread: the repository sorts them.
      std::vector<Id> products = i % 2 ? std::vector<Id>{p3, p1, p2} : std::vector<Id>{p1, p2, p3};
      Do([&](Txn& t) { return t.Orders().RecordPurchases(customers[static_cast<std::size_t>(i)], products, At(i)); });
      Do([&](Txn& t) { return t.Orders().RecordPurchases(same, {p2, p1}, At(i)); });
    });
  for (auto& th : threads) th.join();
  auto row = [](Id a, Id b, int n) { return std::to_string(a) + "|" + std::to_string(b) + "|" + std::to_string(n); };
  EXPECT_EQ(RawRows("SELECT product_id, buyers FROM product_buyers ORDER BY product_id"),
            (std::vector<std::string>{std::to_string(p1) + "|9", std::to_string(p2) + "|9", std::to_string(p3) + "|8"}));
  EXPECT_EQ(RawRows("SELECT product_id, other_id, buyers FROM product_pairs ORDER BY product_id, other_id"),
            (std::vector<std::string>{row(p1, p2, 9), row(p1, p3, 8), row(p2, p1, 9), row(p2, p3, 8), row(p3, p1, 8),
                                      row(p3, p2, 8)}));
  EXPECT_EQ(RawRows("SELECT value FROM commerce_counters WHERE name = 'buying_customers'"),
            (std::vector<std::string>{"9"}));
}

// ---- loyalty ------------------------------------------------------------------------------------

TEST_P(StoreCommerceTest, LedgerBalanceAndPointsOfAnOrder) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  const Id other = InsertCustomer("Other", actor_.user_id);
  const Id o1 = AddOrder(NewOrder(c, At(0)));
  const Id o2 = AddOrder(NewOrder(c, At(1)));
  auto balance = [&](Id customer) { return Read<std::int64_t>([&](Txn& t) { return t.Loyalty().Balance(customer); }); };
  auto of_order = [&](Id order) { return Read<std::int64_t>([&](Txn& t) { return t.Loyalty().PointsOfOrder(order); }); };
  EXPECT_EQ(balance(c), 0) << "no rows: zero, not an error";
  EXPECT_EQ(of_order(o1), 0);

  AddLedger(c, At(0), LedgerKind::kEarned, 120, o1);
  AddLedger(c, At(1), LedgerKind::kEarned, 80, o2);
  AddLedger(c, At(2), LedgerKind::kAdjusted, -20, o1);  // part of o1 refunded
  AddLedger(c, At(3), LedgerKind::kRedeemed, -50);
  AddLedger(c, At(4), LedgerKind::kAdjusted, 7);
  AddLedger(other, At(0), LedgerKind::kEarned, 1'000);
  EXPECT_EQ(balance(c), 120 + 80 - 20 - 50 + 7);
  EXPECT_EQ(balance(other), 1'000);
  EXPECT_EQ(of_order(o1), 100);
  EXPECT_EQ(of_order(o2), 80);
}

TEST_P(StoreCommerceTest, LedgerListsNewestFirstInPages) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  const Id other = InsertCustomer("Other", actor_.user_id);
  const Id order = AddOrder(NewOrder(c, At(0)));
  LedgerEntry full;
  full.customer_id = c;
  full.at = At(0);
  full.kind = LedgerKind::kEarned;
  full.points = 50;
  full.order_id = order;
  Do([&](Txn& t) { return t.Loyalty().Append(full); });
  LedgerEntry redeemed;
  redeemed.customer_id = c;
  redeemed.at = At(1);
  redeemed.kind = LedgerKind::kRedeemed;
  redeemed.points = -30;
  redeemed.reason = "free coffee ☕";
  redeemed.by = actor_.user_id;
  Do([&](Txn& t) { return t.Loyalty().Append(redeemed); });
  AddLedger(other, At(1), LedgerKind::kEarned, 5);
  const Id e3 = AddLedger(c, At(2), LedgerKind::kExpired, -10);
  const Id e4 = AddLedger(c, At(3), LedgerKind::kAdjusted, 4);
  ASSERT_LT(full.id, redeemed.id);

  auto list = [&](Id before, int limit) {
    return Read<std::vector<LedgerEntry>>([&](Txn& t) { return t.Loyalty().List(c, before, limit); });
  };
  auto ids = [](const std::vector<LedgerEntry>& rows) {
    std::vector<Id> out;
    for (const auto& e : rows) out.push_back(e.id);
    return out;
  };
  EXPECT_EQ(ids(list(0, 10)), (std::vector<Id>{e4, e3, redeemed.id, full.id}));
  EXPECT_EQ(ids(list(0, 2)), (std::vector<Id>{e4, e3})) << "at most limit rows";
  EXPECT_EQ(ids(list(e3, 2)), (std::vector<Id>{redeemed.id, full.id}));
  EXPECT_EQ(ids(list(full.id, 2)), std::vector<Id>{});

  const auto rows = list(e3, 2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].customer_id, c);
  EXPECT_EQ(rows[0].at, At(1));
  EXPECT_EQ(rows[0].kind, LedgerKind::kRedeemed);
  EXPECT_EQ(rows[0].points, -30);
  EXPECT_FALSE(rows[0].order_id);
  EXPECT_EQ(rows[0].reason, "free coffee ☕");
  EXPECT_EQ(rows[0].by, actor_.user_id);
  EXPECT_EQ(rows[1].kind, LedgerKind::kEarned);
  EXPECT_EQ(rows[1].points, 50);
  EXPECT_EQ(rows[1].order_id, order);
  EXPECT_FALSE(rows[1].reason);
  EXPECT_FALSE(rows[1].by);
  const auto newest = list(0, 2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].kind, LedgerKind::kAdjusted);
  EXPECT_EQ(newest[1].kind, LedgerKind::kExpired);
}

TEST_P(StoreCommerceTest, OrdersBetweenCountsTheHalfOpenWindowWithoutCancelledOrders) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  const Id other = InsertCustomer("Other", actor_.user_id);
  const Timestamp since = At(0), until = At(365);
  AddOrder(NewOrder(c, since));                          // exactly at since: out
  AddOrder(NewOrder(c, Timestamp{since.ms + 1}));        // in
  AddOrder(NewOrder(c, At(100)));                        // in
  AddOrder(NewOrder(c, until));                          // exactly at until: in
  AddOrder(NewOrder(c, Timestamp{until.ms + 1}));        // after: out
  AddOrder(NewOrder(c, At(-3)));                         // before: out
  AddOrder(NewOrder(other, At(100)));                    // another customer's
  Order partly = NewOrder(c, At(200), 1'000);
  partly.refunded_cents = 400;
  AddOrder(partly);                                      // partly refunded: still counts
  Order cancelled = NewOrder(c, At(150));
  cancelled.cancelled_at = At(151);
  cancelled.refunded_cents = cancelled.amount_cents;
  AddOrder(cancelled);                                   // cancelled when recorded: out
  const Id later_cancelled = AddOrder(NewOrder(c, At(300)));

  auto between = [&](Id customer, Timestamp a, Timestamp b) {
    return Read<int>([&](Txn& t) { return t.Loyalty().OrdersBetween(customer, a, b); });
  };
  EXPECT_EQ(between(c, since, until), 5);
  EXPECT_EQ(between(other, since, until), 1);
  EXPECT_EQ(between(c, Timestamp{since.ms - 1}, until), 6) << "moving since back lets its order in";
  EXPECT_EQ(between(c, since, Timestamp{until.ms - 1}), 4);
  EXPECT_EQ(between(c, until, At(1000)), 1);

  // Cancelling an order later takes it out of the count.
  Order o = *FindOrder(later_cancelled);
  o.cancelled_at = At(301);
  o.refunded_cents = o.amount_cents;
  o.version = 2;
  Do([&](Txn& t) { return t.Orders().UpdateTotals(o); });
  EXPECT_EQ(between(c, since, until), 4);
}

TEST_P(StoreCommerceTest, ExpiryCandidatesSumPointsEarnedBeforeTheCutoffAndAllSpending) {
  const Id a = InsertCustomer("A", actor_.user_id);
  const Id b = InsertCustomer("B", actor_.user_id);
  const Id spender = InsertCustomer("Only spends", actor_.user_id);
  AddLedger(a, At(0), LedgerKind::kEarned, 100);
  AddLedger(a, At(10), LedgerKind::kEarned, 50);
  AddLedger(a, At(20), LedgerKind::kRedeemed, -120);
  AddLedger(a, At(25), LedgerKind::kAdjusted, -5);
  AddLedger(a, At(30), LedgerKind::kEarned, 40);  // after every cutoff below
  AddLedger(b, At(15), LedgerKind::kEarned, 30);
  AddLedger(spender, At(1), LedgerKind::kAdjusted, -5);

  auto candidates = [&](Timestamp cutoff) {
    std::vector<std::string> out;
    for (const auto& e : Read<std::vector<domain::ExpiryCandidate>>(
             [&](Txn& t) { return t.Loyalty().ExpiryCandidates(cutoff); }))
      out.push_back(std::to_string(e.customer_id) + ":" + std::to_string(e.positive_before_cutoff) + "/" +
                    std::to_string(e.negative_all_time));
    return out;
  };
  auto row = [](Id c, int positive, int negative) {
    return std::to_string(c) + ":" + std::to_string(positive) + "/" + std::to_string(negative);
  };
  EXPECT_TRUE(candidates(At(0)).empty()) << "earned exactly at the cutoff is not before it";
  EXPECT_EQ(candidates(Timestamp{At(0).ms + 1}), (std::vector<std::string>{row(a, 100, 125)}));
  EXPECT_EQ(candidates(At(12)), (std::vector<std::string>{row(a, 150, 125)}));
  EXPECT_EQ(candidates(At(16)), (std::vector<std::string>{row(a, 150, 125), row(b, 30, 0)}));
  EXPECT_EQ(domain::PointsToExpire(150, 125), 25);
}

// ---- outbox -------------------------------------------------------------------------------------

TEST_P(StoreCommerceTest, OutboxReadsAfterAnIdOldestFirstByKind) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i) {
    domain::DomainEvent e;
    e.kind = i % 2 ? "deal.won" : "order.created";
    e.entity_type = i % 2 ? "deal" : "order";
    e.entity_id = 100 + i;
    if (i != 3) e.customer_id = c;
    e.at = At(i);
    e.payload = R"({"n":)" + std::to_string(i) + "}";
    Do([&](Txn& t) { return t.Outbox().Append(e); });
    ids.push_back(e.id);
  }
  ASSERT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  auto after = [&](Id id, std::optional<std::string> kind, int limit) {
    return Read<std::vector<domain::DomainEvent>>([&](Txn& t) { return t.Outbox().After(id, kind, limit); });
  };
  auto id_list = [](const std::vector<domain::DomainEvent>& events) {
    std::vector<Id> out;
    for (const auto& e : events) out.push_back(e.id);
    return out;
  };
  const auto all = after(0, std::nullopt, 100);
  EXPECT_EQ(id_list(all), ids);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[1].kind, "deal.won");
  EXPECT_EQ(all[1].entity_type, "deal");
  EXPECT_EQ(all[1].entity_id, 101);
  EXPECT_EQ(all[1].customer_id, c);
  EXPECT_EQ(all[1].at, At(1));
  EXPECT_EQ(all[1].payload, R"({"n":1})");
  EXPECT_FALSE(all[3].customer_id);

  EXPECT_EQ(id_list(after(ids[1], std::nullopt, 2)), (std::vector<Id>{ids[2], ids[3]}));
  EXPECT_EQ(id_list(after(0, "order.created", 100)), (std::vector<Id>{ids[0], ids[2], ids[4]}));
  EXPECT_EQ(id_list(after(ids[0], "order.created", 1)), (std::vector<Id>{ids[2]}));
  EXPECT_EQ(id_list(after(0, "deal.won", 100)), (std::vector<Id>{ids[1], ids[3]}));
  EXPECT_TRUE(after(ids[4], std::nullopt, 100).empty());
  EXPECT_TRUE(after(0, "order.cancelled", 100).empty());
}

// ---- transactions -------------------------------------------------------------------------------

TEST_P(StoreCommerceTest, AFailedWriteLeavesNoCommerceRows) {
  const Id c = InsertCustomer("Acme", actor_.user_id);
  auto st = db_->Write([&](Txn& t) -> core::Status {
    auto p = t.Products().Insert(NewProduct("Ghost", "GHOST"));
    if (!p) return core::Fail(p.error());
    Order o = NewOrder(c, At(0));
    o.lines = {{*p, 1, 1'000, 100}};
    if (auto id = t.Orders().Insert(o); !id) return core::Fail(id.error());
    if (auto r = t.Orders().RecordPurchases(c, {*p}, At(0)); !r) return r;
    LedgerEntry e;
    e.customer_id = c;
    e.at = At(0);
    e.points = 10;
    if (auto r = t.Loyalty().Append(e); !r) return r;
    domain::DomainEvent ev{0, "order.created", "order", 1, c, At(0), "{}"};
    if (auto r = t.Outbox().Append(ev); !r) return r;
    return core::Fail(core::Error::Conflict("changed my mind"));
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "changed my mind");
  EXPECT_TRUE(ProductIds(domain::ProductQuery{}).empty());
  EXPECT_TRUE(OrderIds(domain::OrderQuery{}).empty());
  EXPECT_EQ(Read<std::int64_t>([&](Txn& t) { return t.Loyalty().Balance(c); }), 0);
  EXPECT_TRUE(Read<std::vector<domain::DomainEvent>>([](Txn& t) { return t.Outbox().After(0, std::nullopt, 10); }).empty());
  EXPECT_TRUE(RawRows("SELECT product_id FROM product_buyers").empty());
  EXPECT_TRUE(AddProduct("Ghost", "GHOST") > 0) << "the SKU is free again";
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreCommerceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace rapport::store
