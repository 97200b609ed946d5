#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

// "$a, $b, ..." for `ids`, appended to `args`.
std::string InList(const std::vector<core::Id>& ids, SqlArgs& args) {
  std::string out;
  for (core::Id id : ids) {
    out += (out.empty() ? "" : ", ") + NextParam(args);
    args.emplace_back(id);
  }
  return out;
}

}  // namespace

core::Status SqlUsageRepo::Upsert(const std::vector<domain::UsageMeasurement>& batch, core::Timestamp at) {
  for (const auto& m : batch) {
    auto r = s_.Exec(
        "INSERT INTO usage_measurements (customer_id, product_id, metric, period, value, recorded_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (customer_id, product_id, metric, period) "
        "DO UPDATE SET value = excluded.value, recorded_at = excluded.recorded_at",
        {m.customer_id, m.product_id, m.metric, core::FormatDate(m.period), m.value, at});
    if (!r) return Fail(r.error());
  }
  return {};
}

core::Result<std::vector<domain::UsageMeasurement>> SqlUsageRepo::OfCustomer(core::Id customer_id,
                                                                            std::optional<core::Date> since) {
  SqlArgs args{customer_id};
  std::string sql =
      "SELECT customer_id, product_id, metric, period, value FROM usage_measurements WHERE customer_id = $1";
  if (since) {
    sql += " AND period >= " + NextParam(args);
    args.emplace_back(core::FormatDate(*since));
  }
  auto r = s_.Query(sql + " ORDER BY product_id, metric, period", args);
  if (!r) return Fail(r.error());
  std::vector<domain::UsageMeasurement> out;
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), r->Int(i, 1), r->Text(i, 2), core::ParseDate(r->Text(i, 3)).value_or(core::Date{}),
                   r->Real(i, 4)});
  return out;
}

core::Result<std::vector<core::Id>> SqlUsageRepo::ProductsOf(core::Id customer_id) {
  auto r = s_.Query("SELECT product_id FROM customer_products WHERE customer_id = $1 ORDER BY product_id", {customer_id});
  if (!r) return Fail(r.error());
  std::vector<core::Id> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back(r->Int(i, 0));
  return out;
}

core::Result<std::vector<domain::ProductPairCount>> SqlUsageRepo::PairsOf(const std::vector<core::Id>& products) {
  if (products.empty()) return std::vector<domain::ProductPairCount>{};
  SqlArgs args;
  const std::string in = InList(products, args);
  auto r = s_.Query("SELECT product_id, other_id, buyers FROM product_pairs WHERE product_id IN (" + in + ")", args);
  if (!r) return Fail(r.error());
  std::vector<domain::ProductPairCount> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back({r->Int(i, 0), r->Int(i, 1), r->Int(i, 2)});
  return out;
}

core::Result<std::map<core::Id, std::int64_t>> SqlUsageRepo::Buyers(const std::vector<core::Id>& products) {
  std::map<core::Id, std::int64_t> out;
  if (products.empty()) return out;
  SqlArgs args;
  const std::string in = InList(products, args);
  auto r = s_.Query("SELECT product_id, buyers FROM product_buyers WHERE product_id IN (" + in + ")", args);
  if (!r) return Fail(r.error());
  for (int i = 0; i < r->Rows(); ++i) out[r->Int(i, 0)] = r->Int(i, 1);
  return out;
}

core::Result<std::int64_t> SqlUsageRepo::BuyingCustomers() {
  auto r = s_.Query("SELECT value FROM commerce_counters WHERE name = 'buying_customers'");
  if (!r) return Fail(r.error());
  return r->Empty() ? 0 : r->Int(0, 0);
}

}  // namespace rapport::store
