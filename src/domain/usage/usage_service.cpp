#include "domain/usage/usage_service.hpp"

#include <cmath>

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/product/product_repo.hpp"
#include "domain/usage/usage_repo.hpp"

namespace rapport::domain {
namespace {

core::Status RequireVisibleCustomer(Txn& txn, const Actor& actor, Id customer_id) {
  auto found = txn.Customers().Find(customer_id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(core::Error::NotFound("customer " + core::FormatId(customer_id) + " not found"));
  return {};
}

// Signals look at the last year of periods.
constexpr int kSignalHistoryDays = 400;

}  // namespace

core::Result<std::vector<UsageSignal>> UsageSignalsOf(Txn& txn, Id customer_id, core::Date today) {
  auto rows = txn.Usage().OfCustomer(customer_id, core::Date{today.days - kSignalHistoryDays});
  if (!rows) return core::Fail(rows.error());
  std::map<std::pair<Id, std::string>, std::vector<UsageMeasurement>> series;
  for (auto& m : *rows) series[{m.product_id, m.metric}].push_back(std::move(m));
  std::map<Id, Product> products;
  std::vector<UsageSignal> out;
  for (auto& [key, s] : series) {
    if (!products.contains(key.first)) {
      auto p = txn.Products().Find(key.first);
      if (!p) return core::Fail(p.error());
      if (*p) products[key.first] = **p;
    }
    std::optional<double> limit;
    if (auto it = products.find(key.first); it != products.end())
      if (auto l = it->second.limits.find(key.second); l != it->second.limits.end()) limit = l->second;
    for (auto& sig : UsageSignalsFor(std::move(s), limit)) out.push_back(std::move(sig));
  }
  return out;
}

core::Result<std::vector<CrossSellSuggestion>> CrossSellOf(Txn& txn, Id customer_id, std::size_t limit) {
  auto owned = txn.Usage().ProductsOf(customer_id);
  if (!owned) return core::Fail(owned.error());
  if (owned->empty()) return std::vector<CrossSellSuggestion>{};
  auto pairs = txn.Usage().PairsOf(*owned);
  if (!pairs) return core::Fail(pairs.error());
  std::vector<Id> involved = *owned;
  for (const auto& p : *pairs) involved.push_back(p.other_id);
  std::sort(involved.begin(), involved.end());
  involved.erase(std::unique(involved.begin(), involved.end()), involved.end());
  auto buyers = txn.Usage().Buyers(involved);
  if (!buyers) return core::Fail(buyers.error());
  auto n = txn.Usage().BuyingCustomers();
  if (!n) return core::Fail(n.error());
  std::vector<Id> offerable;  // active products only
  for (Id id : involved) {
    auto p = txn.Products().Find(id);
    if (!p) return core::Fail(p.error());
    if (*p && (*p)->active) offerable.push_back(id);
  }
  return CrossSellFor(*owned, *pairs, *buyers, *n, kCrossSellMinTogether, offerable, limit);
}

core::Result<int> UsageService::Record(const Actor& actor, const std::vector<UsageMeasurementInput>& batch,
                                       const std::map<std::string, std::string>& decode_errors) {
  std::map<std::string, std::string> errors = decode_errors;
  if (batch.empty() && errors.empty()) errors["measurements"] = "required: 1 to 1000 measurements";
  if (batch.size() > kMaxUsageBatch) errors["measurements"] = "at most 1000 measurements per request";
  if (errors.contains("measurements")) return core::Fail(core::Error::Invalid(std::move(errors)));
  const core::Timestamp now = clock_.Now();
  return WriteValue<int>(store_, [&](Txn& txn) -> core::Result<int> {
    std::map<std::string, std::string> errs = errors;  // decoding errors and checks, reported together
    std::vector<UsageMeasurement> rows;
    std::map<Id, bool> customers, products;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& in = batch[i];
      const std::string at = "measurements[" + std::to_string(i) + "].";
      UsageMeasurement m;
      if (!in.customer_id) errs.emplace(at + "customer_id", "required");
      else {
        if (!customers.contains(*in.customer_id)) {
          auto c = txn.Customers().Find(*in.customer_id, CustomerScope::For(actor));
          if (!c) return core::Fail(c.error());
          customers[*in.customer_id] = c->has_value();
        }
        if (!customers[*in.customer_id]) errs.emplace(at + "customer_id", "no customer with this id");
        m.customer_id = *in.customer_id;
      }
      if (!in.product_id) errs.emplace(at + "product_id", "required");
      else {
        if (!products.contains(*in.product_id)) {
          auto p = txn.Products().Find(*in.product_id);
          if (!p) return core::Fail(p.error());
          products[*in.product_id] = p->has_value();
        }
        if (!products[*in.product_id]) errs.emplace(at + "product_id", "no product with this id");
        m.product_id = *in.product_id;
      }
      if (!in.metric || core::Trim(*in.metric).empty()) errs.emplace(at + "metric", "required");
      else if (in.metric->size() > 64 || !core::IsValidUtf8(*in.metric)) errs.emplace(at + "metric", "at most 64 characters of UTF-8");
      else m.metric = core::Trim(*in.metric);
      if (!in.period) errs.emplace(at + "period", "required: the first day of the period, YYYY-MM-DD");
      else m.period = *in.period;
      if (!in.value) errs.emplace(at + "value", "required");
      else if (!std::isfinite(*in.value) || *in.value < 0) errs.emplace(at + "value", "must be a number 0 or above");
      else m.value = *in.value;
      rows.push_back(std::move(m));
    }
    if (!errs.empty()) return core::Fail(core::Error::Invalid(std::move(errs)));
    if (auto st = txn.Usage().Upsert(rows, now); !st) return core::Fail(st.error());
    AuditEntry a = NewAuditEntry(actor, now, "usage.record", "usage", std::nullopt);
    a.detail = std::to_string(rows.size()) + " measurements for " + std::to_string(customers.size()) + " customers";
    if (auto st = txn.Audit().Append(a); !st) return core::Fail(st.error());
    return static_cast<int>(rows.size());
  });
}

core::Result<std::vector<UsageMeasurement>> UsageService::OfCustomer(const Actor& actor, Id customer_id,
                                                                     std::optional<core::Date> since) {
  return ReadValue<std::vector<UsageMeasurement>>(store_, [&](Txn& txn) -> core::Result<std::vector<UsageMeasurement>> {
    if (auto st = RequireVisibleCustomer(txn, actor, customer_id); !st) return core::Fail(st.error());
    return txn.Usage().OfCustomer(customer_id, since);
  });
}

core::Result<std::vector<UsageSignal>> UsageService::Signals(const Actor& actor, Id customer_id) {
  const core::Date today = core::DateOf(clock_.Now());
  return ReadValue<std::vector<UsageSignal>>(store_, [&](Txn& txn) -> core::Result<std::vector<UsageSignal>> {
    if (auto st = RequireVisibleCustomer(txn, actor, customer_id); !st) return core::Fail(st.error());
    return UsageSignalsOf(txn, customer_id, today);
  });
}

core::Result<std::vector<CrossSellSuggestion>> UsageService::CrossSell(const Actor& actor, Id customer_id,
                                                                       std::size_t limit) {
  return ReadValue<std::vector<CrossSellSuggestion>>(
      store_, [&](Txn& txn) -> core::Result<std::vector<CrossSellSuggestion>> {
        if (auto st = RequireVisibleCustomer(txn, actor, customer_id); !st) return core::Fail(st.error());
        return CrossSellOf(txn, customer_id, limit);
      });
}

}  // namespace rapport::domain
