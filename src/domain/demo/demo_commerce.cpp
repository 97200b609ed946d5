#include "domain/demo/demo_commerce.hpp"

#include <cmath>

#include "domain/deal/deal_repo.hpp"
#include "domain/loyalty/loyalty.hpp"
#include "domain/loyalty/loyalty_repo.hpp"
#include "domain/order/order_repo.hpp"
#include "domain/product/product_repo.hpp"

namespace rapport::domain {
namespace {

struct DemoProduct {
  const char* name;
  const char* sku;
  std::int64_t price, margin;
  double weight;  // how often it is the main item of a basket
  std::vector<int> complements;  // indexes into the table
  std::map<std::string, double> limits;
};

const std::vector<DemoProduct>& Catalogue() {
  static const std::vector<DemoProduct> table = {
      {"Starter plan", "PLAN-STARTER", 4900, 3900, 30, {4, 7}, {{"seats", 5}}},
      {"Team plan", "PLAN-TEAM", 14900, 11900, 25, {3, 4, 8}, {{"seats", 25}}},
      {"Business plan", "PLAN-BUSINESS", 49900, 39900, 10, {3, 5, 6, 9}, {{"seats", 100}}},
      {"Onboarding package", "SVC-ONBOARD", 99000, 45000, 4, {5}, {}},
      {"Premium support", "SVC-SUPPORT", 29000, 22000, 6, {}, {}},
      {"Training day", "SVC-TRAINING", 120000, 60000, 3, {}, {}},
      {"Data migration", "SVC-MIGRATION", 150000, 70000, 2, {}, {}},
      {"Extra storage 1 TB", "ADD-STORAGE", 9900, 8000, 6, {}, {{"storage_gb", 1000}}},
      {"API add-on", "ADD-API", 19900, 17000, 5, {9}, {{"api_calls", 1000000}}},
      {"Analytics add-on", "ADD-ANALYTICS", 24900, 20000, 4, {}, {}},
      {"Hardware kit", "HW-KIT", 59900, 12000, 3, {4}, {}},
      {"Gift card", "GIFT-50", 5000, 5000, 2, {}, {}},
  };
  return table;
}

// Exponential waiting time with the given rate per year, in ms.
std::int64_t WaitMs(core::Random& rng, double per_year) {
  const double u = std::max(rng.Unit(), 1e-12);
  return static_cast<std::int64_t>(-std::log(u) / per_year * 365.0 * static_cast<double>(core::kMsPerDay));
}

std::optional<Timestamp> EnteredAt(const std::vector<StageTransition>& path, Stage s) {
  for (const auto& t : path)
    if (t.to == s) return t.at;
  return std::nullopt;
}

}  // namespace

core::Status DemoCommerce::CreateCatalogue(Txn& txn, std::string currency, DemoCommerceCounts& counts) {
  currency_ = std::move(currency);
  const auto& table = Catalogue();
  for (const auto& d : table) {
    Product p;
    p.name = d.name;
    p.sku = d.sku;
    p.price_cents = d.price;
    p.margin_cents = d.margin;
    p.limits = d.limits;
    p.created_at = p.updated_at = Timestamp{as_of_.ms - 800 * core::kMsPerDay};
    auto id = txn.Products().Insert(p);
    if (!id) return core::Fail(id.error());
    p.id = *id;
    products_.push_back(std::move(p));
    ++counts.products;
  }
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].complements.empty()) continue;
    for (int c : table[i].complements) products_[i].complements.push_back(products_[static_cast<std::size_t>(c)].id);
    if (auto st = txn.Products().Update(products_[i]); !st) return st;
  }
  return {};
}

std::vector<OrderLine> DemoCommerce::Basket() {
  const auto& table = Catalogue();
  std::vector<double> weights;
  for (const auto& d : table) weights.push_back(d.weight);
  const std::size_t main = rng_.Weighted(weights);
  std::vector<std::size_t> picks{main};
  // Complements come along often: the co-purchase signal cross-sell finds.
  for (int c : table[main].complements)
    if (rng_.Chance(0.35)) picks.push_back(static_cast<std::size_t>(c));
  std::vector<OrderLine> lines;
  for (std::size_t i : picks) {
    const Product& p = products_[i];
    OrderLine l;
    l.product_id = p.id;
    l.quantity = rng_.Chance(0.8) ? 1 : rng_.Between(2, 5);
    l.unit_price_cents = p.price_cents;
    l.margin_cents = p.margin_cents * l.quantity;
    lines.push_back(l);
  }
  return lines;
}

core::Result<Id> DemoCommerce::PlaceDemoOrder(Txn& txn, const Customer& c, Timestamp at, std::optional<Id> deal_id,
                                              std::vector<OrderLine> lines) {
  Order o;
  o.customer_id = c.id;
  o.ordered_at = at;
  o.currency = currency_;
  o.channel = deal_id ? "deal" : (rng_.Chance(0.6) ? "web" : "phone");
  o.lines = std::move(lines);
  for (const auto& l : o.lines) {
    o.amount_cents += l.unit_price_cents * l.quantity;
    o.margin_cents += l.margin_cents;
  }
  o.deal_id = deal_id;
  o.created_by = c.owner_id;
  o.created_at = o.updated_at = at;
  auto id = txn.Orders().Insert(o);
  if (!id) return core::Fail(id.error());
  std::vector<Id> bought;
  for (const auto& l : o.lines) bought.push_back(l.product_id);
  if (auto st = txn.Orders().RecordPurchases(c.id, bought, at); !st) return core::Fail(st.error());
  LedgerEntry e;
  e.customer_id = c.id;
  e.at = at;
  e.kind = LedgerKind::kEarned;
  e.points = PointsFor(o.amount_cents, LoyaltyConfig{});
  e.order_id = *id;
  if (e.points > 0)
    if (auto st = txn.Loyalty().Append(e); !st) return core::Fail(st.error());
  return *id;
}

core::Status DemoCommerce::AddFor(Txn& txn, const Customer& c, const std::vector<StageTransition>& path,
                                  DemoCommerceCounts& counts) {
  auto basket = Basket();
  std::int64_t amount = 0;
  for (const auto& l : basket) amount += l.unit_price_cents * l.quantity;
  Deal d;
  d.customer_id = c.id;
  d.owner_id = c.owner_id;
  d.currency = currency_;
  d.title = (basket.size() > 1 ? "Bundle for " : "Offer for ") + c.name;
  for (const auto& l : basket) d.lines.push_back({l.product_id, l.quantity, l.unit_price_cents});
  d.amount_cents = amount;
  const auto proposed = EnteredAt(path, Stage::kProposal);
  const auto ordered = EnteredAt(path, Stage::kOrder);
  if (c.stage == Stage::kProposal || c.stage == Stage::kNegotiation) {
    d.stage = c.stage == Stage::kProposal ? DealStage::kProposal : DealStage::kNegotiation;
    d.created_at = proposed.value_or(c.stage_changed_at);
    d.stage_changed_at = d.updated_at = c.stage_changed_at;
    d.expected_close_date = core::DateOf(Timestamp{as_of_.ms + static_cast<std::int64_t>(rng_.Between(7, 120)) * core::kMsPerDay});
  } else if (c.stage == Stage::kLost && proposed) {
    d.stage = DealStage::kLost;
    d.created_at = *proposed;
    d.stage_changed_at = d.updated_at = c.stage_changed_at;
    d.closed_at = c.stage_changed_at;
    d.lost_reason = path.back().reason;
    d.competitor = path.back().competitor;
  } else if (!ordered) {
    return {};  // contact, lead, or lost before any proposal: no deal yet
  }
  if (!ordered) {
    auto id = txn.Deals().Insert(d);
    if (!id) return core::Fail(id.error());
    ++counts.deals;
    return {};
  }
  // Won: the deal, its order, then repeat orders until churn or today.
  d.stage = DealStage::kWon;
  d.created_at = proposed.value_or(*ordered);
  d.stage_changed_at = d.updated_at = *ordered;
  d.closed_at = *ordered;
  auto deal_id = txn.Deals().Insert(d);
  if (!deal_id) return core::Fail(deal_id.error());
  ++counts.deals;
  auto first = PlaceDemoOrder(txn, c, *ordered, *deal_id, basket);
  if (!first) return core::Fail(first.error());
  d.id = *deal_id;
  d.order_id = *first;
  if (auto st = txn.Deals().Update(d); !st) return st;
  ++counts.orders;
  if (!EnteredAt(path, Stage::kRomance)) return {};
  const Timestamp end = c.stage == Stage::kChurned ? c.stage_changed_at : as_of_;
  // Each customer's own rate: a gamma(2)-shaped spread around the mean.
  const double rate = repeat_rate_ * (-std::log(std::max(rng_.Unit(), 1e-12)) - std::log(std::max(rng_.Unit(), 1e-12))) / 2.0;
  if (rate <= 0) return {};
  for (std::int64_t t = ordered->ms + WaitMs(rng_, rate); t < end.ms; t += WaitMs(rng_, rate)) {
    auto id = PlaceDemoOrder(txn, c, Timestamp{t}, std::nullopt, Basket());
    if (!id) return core::Fail(id.error());
    ++counts.orders;
  }
  return {};
}

}  // namespace rapport::domain
