#include "domain/economics/economics_service.hpp"

#include <algorithm>
#include <cmath>

#include "domain/customer/customer_repo.hpp"
#include "domain/economics/economics_repo.hpp"
#include "domain/economics/scoring_service.hpp"

namespace rapport::domain {
namespace {

constexpr int kMaxWhatIfMonths = 120;
constexpr std::size_t kMaxSourceLength = 100;
constexpr Id kReadChunk = 50'000;

bool ValidMonth(const std::string& m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6})
    if (m[static_cast<std::size_t>(i)] < '0' || m[static_cast<std::size_t>(i)] > '9') return false;
  const int month = (m[5] - '0') * 10 + (m[6] - '0');
  return month >= 1 && month <= 12 && m.substr(0, 4) >= "1970";
}

// Start of the month "YYYY-MM" (UTC).
Timestamp StartOfMonth(const std::string& month) {
  return core::StartOf(core::ParseDate(month + "-01").value_or(core::Date{}));
}

}  // namespace

core::Status RequirePortfolioViewer(const Actor& actor) {
  if (actor.role == Role::kRep) return core::Fail(core::Error::Forbidden("only managers and admins see portfolio economics"));
  return {};
}

core::Result<std::optional<ModelInfo>> LatestModel(Txn& txn) {
  auto version = txn.Economics().LastFitVersion();
  if (!version) return core::Fail(version.error());
  if (*version == 0) return std::optional<ModelInfo>{};
  auto fits = txn.Economics().FitsOf(*version);
  if (!fits) return core::Fail(fits.error());
  ModelInfo info;
  info.version = *version;
  for (const auto& f : *fits) {
    info.fitted_at = f.fitted_at;
    if (f.params && f.model != "gamma-gamma") info.model = f.model;
  }
  info.fits = std::move(*fits);
  return std::optional<ModelInfo>(std::move(info));
}

core::Result<std::vector<SpendEntry>> EconomicsService::ListSpend(const Actor&) {
  return ReadValue<std::vector<SpendEntry>>(store_, [&](Txn& txn) -> core::Result<std::vector<SpendEntry>> {
    auto spend = txn.Economics().ListSpend();
    if (!spend) return core::Fail(spend.error());
    std::vector<SpendEntry> out;
    for (auto& s : *spend) {
      SpendEntry e;
      auto n = txn.Economics().CountAcquired(s.source, StartOfMonth(s.period), StartOfMonth(AddMonthsTo(s.period, 1)));
      if (!n) return core::Fail(n.error());
      e.customers_acquired = *n;
      e.cac_cents = CostPerCustomer(s.amount_cents, *n);
      e.spend = std::move(s);
      out.push_back(std::move(e));
    }
    return out;
  });
}

core::Status EconomicsService::MayEnterSpend(const Actor& actor) {
  if (actor.role == Role::kRep) return core::Fail(core::Error::Forbidden("only managers and admins enter acquisition spend"));
  return {};
}

core::Result<std::pair<SpendEntry, bool>> EconomicsService::PutSpend(const Actor& actor, const SpendInput& input) {
  if (auto st = MayEnterSpend(actor); !st) return core::Fail(st.error());
  std::map<std::string, std::string> bad;
  if (!input.source || input.source->empty()) bad["source"] = "required: the acquisition source (e.g. \"ads\")";
  else if (input.source->size() > kMaxSourceLength) bad["source"] = "at most 100 characters";
  if (!input.period) bad["period"] = "required: the month, YYYY-MM";
  else if (!ValidMonth(*input.period)) bad["period"] = "a month as YYYY-MM (e.g. 2026-03)";
  if (!input.amount_cents) bad["amount_cents"] = "required: an integer number of cents";
  else if (*input.amount_cents < 0) bad["amount_cents"] = "must be 0 or more";
  if (!bad.empty()) return core::Fail(core::Error::Invalid(std::move(bad)));
  AcquisitionSpend spend{*input.source, *input.period, *input.amount_cents, clock_.Now()};
  bool created = false;
  auto st = store_.Write([&](Txn& txn) -> core::Status {
    auto existing = txn.Economics().ListSpend();
    if (!existing) return core::Fail(existing.error());
    created = std::none_of(existing->begin(), existing->end(), [&](const AcquisitionSpend& s) {
      return s.source == spend.source && s.period == spend.period;
    });
    return txn.Economics().UpsertSpend(spend, actor.AuditId());
  });
  if (!st) return core::Fail(st.error());
  auto list = ListSpend(actor);
  if (!list) return core::Fail(list.error());
  for (auto& e : *list)
    if (e.spend.source == spend.source && e.spend.period == spend.period) return std::pair{std::move(e), created};
  return core::Fail(core::Error::Internal("the spend entry vanished after writing it"));
}

core::Result<std::map<Id, CardValue>> EconomicsService::CardValues(std::span<const Id> ids) {
  return ReadValue<std::map<Id, CardValue>>(store_, [&](Txn& txn) -> core::Result<std::map<Id, CardValue>> {
    std::map<Id, CardValue> out;
    for (const Id id : ids) {
      auto score = txn.Economics().ScoreOf(id);
      if (!score) return core::Fail(score.error());
      if (*score) out.emplace(id, CardValue{(*score)->historical_value_cents, (*score)->predicted_clv_cents});
    }
    return out;
  });
}

core::Result<CustomerValue> EconomicsService::Value(const Actor& actor, Id customer_id) {
  const Timestamp now = clock_.Now();
  const int today = static_cast<int>(now.ms / core::kMsPerDay);
  auto inputs = ReadValue<CustomerValueInputs>(store_, [&](Txn& txn) -> core::Result<CustomerValueInputs> {
    auto customer = txn.Customers().Find(customer_id, CustomerScope::For(actor));
    if (!customer) return core::Fail(customer.error());
    if (!*customer) return core::Fail(core::Error::NotFound("customer " + core::FormatId(customer_id) + " not found"));
    const Customer& c = **customer;
    CustomerValueInputs in;
    in.customer_id = c.id;
    in.created_at = c.created_at;
    in.source = c.source.value_or("");
    in.own_cost_cents = c.acquisition_cost_cents;
    if (c.acquisition_cost_cents <= 0) {
      const std::string month = MonthOf(static_cast<int>(c.created_at.ms / core::kMsPerDay));
      auto spend = txn.Economics().ListSpend();
      if (!spend) return core::Fail(spend.error());
      for (const auto& s : *spend) {
        if (s.source != in.source || s.period != month) continue;
        auto n = txn.Economics().CountAcquired(in.source, StartOfMonth(s.period), StartOfMonth(AddMonthsTo(s.period, 1)));
        if (!n) return core::Fail(n.error());
        if (auto cost = CostPerCustomer(s.amount_cents, *n)) in.allocated_cost_cents = cost;
      }
    }
    auto days = txn.Economics().DaysBetween(c.id - 1, c.id);
    if (!days) return core::Fail(days.error());
    in.days = std::move(*days);
    auto model = LatestModel(txn);
    if (!model) return core::Fail(model.error());
    in.model = std::move(*model);
    auto score = txn.Economics().ScoreOf(c.id);
    if (!score) return core::Fail(score.error());
    in.score = std::move(*score);
    return in;
  });
  if (!inputs) return core::Fail(inputs.error());
  return ComputeCustomerValue(std::move(*inputs), today);
}

core::Result<EconomicsSummary> EconomicsService::Summary(const Actor& actor) {
  if (auto st = RequirePortfolioViewer(actor); !st) return core::Fail(st.error());
  return ReadValue<EconomicsSummary>(store_, [&](Txn& txn) -> core::Result<EconomicsSummary> {
    EconomicsSummary out;
    auto model = LatestModel(txn);
    if (!model) return core::Fail(model.error());
    out.model = *model;
    const bool fitted = *model && !(*model)->model.empty();
    if (!*model) out.reasons["model"] = kNotScoredReason;
    else if (!fitted) out.reasons["model"] = ModelReason(*model);
    auto aggregates = txn.Economics().ScoreAggregates();
    if (!aggregates) return core::Fail(aggregates.error());
    PortfolioAccumulator all;
    std::map<std::string, PortfolioAccumulator> sources, cohorts;
    for (const auto& a : *aggregates) {
      all.Add(a);
      sources[a.source].Add(a);
      if (!a.cohort.empty()) cohorts[a.cohort].Add(a);
    }
    out.overall = all.Finish(fitted);
    if (aggregates->empty()) out.reasons["customers"] = std::string(kNotScoredReason) + " (or there are no customers)";
    for (const auto& [k, acc] : sources) out.by_source.emplace_back(k, acc.Finish(fitted));
    for (const auto& [k, acc] : cohorts) out.by_cohort.emplace_back(k, acc.Finish(fitted));
    return out;
  });
}

core::Result<Cohorts> EconomicsService::CohortTable(const Actor& actor) {
  if (auto st = RequirePortfolioViewer(actor); !st) return core::Fail(st.error());
  const int today = static_cast<int>(clock_.Now().ms / core::kMsPerDay);
  CohortAccumulator acc(today);
  Id max_id = 0;
  auto st = store_.Read([&](Txn& txn) -> core::Status {
    auto m = txn.Economics().MaxCustomerId();
    if (!m) return core::Fail(m.error());
    max_id = *m;
    return {};
  });
  if (!st) return core::Fail(st.error());
  for (Id after = 0; after < max_id; after += kReadChunk) {
    st = store_.Read([&](Txn& txn) -> core::Status {
      auto days = txn.Economics().DaysBetween(after, std::min(max_id, after + kReadChunk));
      if (!days) return core::Fail(days.error());
      acc.Add(*days);
      return {};
    });
    if (!st) return core::Fail(st.error());
  }
  return acc.Finish();
}

core::Result<WhatIf> EconomicsService::WhatIfRetention(const Actor& actor, double uplift, int horizon_months) {
  if (auto st = RequirePortfolioViewer(actor); !st) return core::Fail(st.error());
  std::map<std::string, std::string> bad;
  if (!std::isfinite(uplift) || uplift <= 0 || uplift > 1) bad["retention_uplift"] = "a share in (0, 1], e.g. 0.05";
  if (horizon_months < 1 || horizon_months > kMaxWhatIfMonths) bad["horizon_months"] = "an integer from 1 to 120";
  if (!bad.empty()) return core::Fail(core::Error::Invalid(std::move(bad)));
  WhatIf out;
  out.retention_uplift = uplift;
  out.horizon_months = horizon_months;
  out.assumptions = {
      "\"Lost\" customers are those the purchase model believes have already dropped out: the expected number is "
      "the sum over buying customers of 1 − P(alive).",
      "A kept customer is worth what the model expects an alive customer with the same history to buy over the "
      "horizon (E[purchases] ÷ P(alive)), times the Gamma-Gamma expected spend per purchase, times the margin "
      "ratio of customers with that history.",
      "Purchases are valued at the end of each month, discounted at " + std::to_string(static_cast<int>(kAnnualDiscountRate * 100)) +
          "% a year.",
      "Customers with fewer than one in 10^12 chance of being alive are left out (their kept value is not defined).",
  };
  std::vector<ScoreGroup> groups;
  auto st = store_.Read([&](Txn& txn) -> core::Status {
    auto model = LatestModel(txn);
    if (!model) return core::Fail(model.error());
    out.model = *model;
    if (!*model || (*model)->model.empty()) return {};
    auto g = txn.Economics().ScoreGroups();
    if (!g) return core::Fail(g.error());
    groups = std::move(*g);
    return {};
  });
  if (!st) return core::Fail(st.error());
  const char* fields[] = {"customers_expected_lost", "customers_kept", "value_cents"};
  if (!out.model || out.model->model.empty()) {
    for (const char* f : fields) out.reasons[f] = ModelReason(out.model);
    return out;
  }
  auto fitted = engine_.Load(out.model->fits);
  if (!fitted) {
    for (const char* f : fields) out.reasons[f] = "the stored fit could not be read";
    return out;
  }
  const RetentionOutcome r = RetentionValue(*fitted, groups, horizon_months, MonthlyDiscount());
  out.customers_expected_lost = r.customers_expected_lost;
  out.customers_kept = uplift * r.customers_expected_lost;
  if (r.value_cents) out.value_cents = std::llround(uplift * *r.value_cents);
  else out.reasons["value_cents"] = SpendReason(out.model);
  if (groups.empty()) out.reasons["customers_expected_lost"] = "no buying customer has been scored";
  return out;
}

}  // namespace rapport::domain
