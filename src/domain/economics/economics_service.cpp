#include "domain/economics/economics_service.hpp"

#include <algorithm>
#include <cmath>

#include "domain/economics/scoring_service.hpp"

namespace rapport::domain {
namespace {

constexpr int kMaxProjectionMonths = 120;
constexpr std::size_t kMaxSourceLength = 100;
constexpr Id kReadChunk = 50'000;
constexpr const char* kNotScored =
    "no scoring run yet: scores are computed nightly by the server, or by `rapport score`";

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

std::string ModelReason(const std::optional<ModelInfo>& model) {
  if (!model) return kNotScored;
  for (const auto& f : model->fits)
    if (f.reason && f.model != "gamma-gamma") return "no model fitted in the last scoring run: " + *f.reason;
  return "no model fitted in the last scoring run";
}

std::string SpendReason(const std::optional<ModelInfo>& model) {
  if (model)
    for (const auto& f : model->fits)
      if (f.reason && f.model == "gamma-gamma") return "no spend model fitted: " + *f.reason;
  return "no spend model fitted";
}

// Accumulates scores of one group of customers into portfolio figures.
struct Accumulator {
  std::int64_t customers = 0, buying = 0, with_cost = 0, cost = 0, margin = 0, clv = 0, with_clv = 0, not_yet = 0;
  std::map<std::int64_t, std::int64_t> break_even;  // months -> customers

  void Add(const ScoreAggregate& a) {
    customers += a.customers;
    if (!a.cohort.empty()) buying += a.customers;
    with_cost += a.with_cost;
    cost += a.cost_cents;
    margin += a.margin_cents;
    clv += a.clv_cents;
    with_clv += a.with_clv;
    if (a.break_even_months) break_even[*a.break_even_months] += a.customers;
    else not_yet += a.with_cost;
  }

  PortfolioFigures Finish(bool model) const {
    PortfolioFigures f;
    f.customers = customers;
    f.customers_with_cost = with_cost;
    if (with_cost > 0) f.cac_cents = std::llround(static_cast<double>(cost) / with_cost);
    else f.reasons["cac_cents"] = "no customer here has an acquisition cost (their own, or allocated from spend)";
    if (!model || with_clv == 0) {
      f.reasons["ltv_cents"] = model ? "no customer here has a predicted value" : "no purchase model is fitted";
    } else if (buying > 0) {
      f.ltv_cents = std::llround(static_cast<double>(margin + clv) / buying);
    } else {
      f.reasons["ltv_cents"] = "no customer here has bought";
    }
    if (f.ltv_cents && f.cac_cents && *f.cac_cents > 0) f.ltv_to_cac = static_cast<double>(*f.ltv_cents) / *f.cac_cents;
    else if (!f.reasons.contains("ltv_cents") && !f.reasons.contains("cac_cents")) f.reasons["ltv_to_cac"] = "the CAC is zero";
    else f.reasons["ltv_to_cac"] = "needs both the LTV and the CAC";
    std::int64_t n = 0;
    for (const auto& [m, c] : break_even) n += c;
    f.broke_even = n;
    f.not_yet = not_yet;
    if (n == 0) {
      f.reasons["median_months_to_break_even"] = "no customer with an acquisition cost has earned it back yet";
    } else {
      // The median of the histogram: the middle value, or the mean of the two middle ones.
      auto nth = [&](std::int64_t k) {
        for (const auto& [m, c] : break_even) {
          if (k < c) return static_cast<double>(m);
          k -= c;
        }
        return 0.0;
      };
      f.median_months_to_break_even = n % 2 ? nth(n / 2) : (nth(n / 2 - 1) + nth(n / 2)) / 2;
    }
    return f;
  }
};

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
      if (*n > 0) e.cac_cents = std::llround(static_cast<double>(s.amount_cents) / *n);
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
  return ReadValue<CustomerValue>(store_, [&](Txn& txn) -> core::Result<CustomerValue> {
    auto customer = txn.Customers().Find(customer_id, CustomerScope::For(actor));
    if (!customer) return core::Fail(customer.error());
    if (!*customer) return core::Fail(core::Error::NotFound("customer " + core::FormatId(customer_id) + " not found"));
    const Customer& c = **customer;
    CustomerValue v;
    v.customer_id = c.id;
    v.acquisition_month = MonthOf(static_cast<int>(c.created_at.ms / core::kMsPerDay));
    const std::string source = c.source.value_or("");
    if (c.acquisition_cost_cents > 0) {
      v.acquisition_cost_cents = c.acquisition_cost_cents;
      v.acquisition_cost_basis = "customer";
    } else {
      auto spend = txn.Economics().ListSpend();
      if (!spend) return core::Fail(spend.error());
      for (const auto& s : *spend) {
        if (s.source != source || s.period != v.acquisition_month) continue;
        auto n = txn.Economics().CountAcquired(source, StartOfMonth(s.period), StartOfMonth(AddMonthsTo(s.period, 1)));
        if (!n) return core::Fail(n.error());
        if (*n > 0) {
          v.acquisition_cost_cents = std::llround(static_cast<double>(s.amount_cents) / *n);
          v.acquisition_cost_basis = "allocated";
        }
      }
      if (!v.acquisition_cost_cents)
        v.reasons["acquisition_cost_cents"] =
            "none recorded for the customer, and no acquisition spend entered for source \"" + source + "\" in " +
            v.acquisition_month;
    }
    auto days = txn.Economics().DaysBetween(c.id - 1, c.id);
    if (!days) return core::Fail(days.error());
    std::erase_if(*days, [&](const CustomerDay& d) { return d.day > today; });
    for (const auto& d : *days) {
      v.historical_value_cents += d.amount_cents;
      v.historical_margin_cents += d.margin_cents;
    }
    std::string first = v.acquisition_month;
    if (!days->empty()) first = std::min(first, MonthOf(days->front().day));
    v.months = CumulativeMargin(*days, first, MonthOf(today));
    if (v.acquisition_cost_cents) {
      v.break_even_month = BreakEvenMonth(v.months, *v.acquisition_cost_cents);
      if (!v.break_even_month) v.reasons["break_even_month"] = "not yet: the cumulative margin is below the acquisition cost";
    } else {
      v.reasons["break_even_month"] = "the acquisition cost is unknown";
    }
    auto model = LatestModel(txn);
    if (!model) return core::Fail(model.error());
    v.model = *model;
    auto score = txn.Economics().ScoreOf(c.id);
    if (!score) return core::Fail(score.error());
    std::string missing;
    if (!*score) missing = kNotScored;
    else if ((*score)->p_alive) {
      const auto& s = **score;
      v.p_alive = s.p_alive;
      v.previous_p_alive = s.previous_p_alive;
      v.expected_purchases_90d = s.expected_purchases_90d;
      v.predicted_clv_cents = s.predicted_clv_cents;
      v.scored_at = s.scored_at;
      if (!s.predicted_clv_cents) v.reasons["predicted_clv_cents"] = SpendReason(*model);
    } else if (!(*score)->cohort) {
      missing = "the customer had not bought when last scored: the models score customers from their first purchase";
      v.scored_at = (*score)->scored_at;
    } else {
      missing = ModelReason(*model);
      v.scored_at = (*score)->scored_at;
    }
    if (!missing.empty())
      for (const char* f : {"p_alive", "expected_purchases_90d", "predicted_clv_cents"}) v.reasons[f] = missing;
    if (v.acquisition_cost_cents && !v.break_even_month) {
      const std::int64_t remaining = *v.acquisition_cost_cents - (v.months.empty() ? 0 : v.months.back().cumulative_margin_cents);
      if (!v.predicted_clv_cents) {
        v.reasons["projected_break_even_month"] = "needs the predicted value";
      } else if (*v.predicted_clv_cents <= 0) {
        v.reasons["projected_break_even_month"] = "the model expects no more margin from this customer";
      } else {
        const double monthly = static_cast<double>(*v.predicted_clv_cents) / kValueHorizonMonths;
        const double months = std::ceil(static_cast<double>(remaining) / monthly);
        if (months > kMaxProjectionMonths)
          v.reasons["projected_break_even_month"] = "not within 10 years at the margin the model expects";
        else
          v.projected_break_even_month = AddMonthsTo(MonthOf(today), std::max(1, static_cast<int>(months)));
      }
    }
    return v;
  });
}

core::Result<EconomicsSummary> EconomicsService::Summary(const Actor& actor) {
  if (auto st = RequirePortfolioViewer(actor); !st) return core::Fail(st.error());
  return ReadValue<EconomicsSummary>(store_, [&](Txn& txn) -> core::Result<EconomicsSummary> {
    EconomicsSummary out;
    auto model = LatestModel(txn);
    if (!model) return core::Fail(model.error());
    out.model = *model;
    const bool fitted = *model && !(*model)->model.empty();
    if (!*model) out.reasons["model"] = kNotScored;
    else if (!fitted) out.reasons["model"] = ModelReason(*model);
    auto aggregates = txn.Economics().ScoreAggregates();
    if (!aggregates) return core::Fail(aggregates.error());
    Accumulator all;
    std::map<std::string, Accumulator> sources, cohorts;
    for (const auto& a : *aggregates) {
      all.Add(a);
      sources[a.source].Add(a);
      if (!a.cohort.empty()) cohorts[a.cohort].Add(a);
    }
    out.overall = all.Finish(fitted);
    if (aggregates->empty()) out.reasons["customers"] = std::string(kNotScored) + " (or there are no customers)";
    for (const auto& [k, acc] : sources) out.by_source.emplace_back(k, acc.Finish(fitted));
    for (const auto& [k, acc] : cohorts) out.by_cohort.emplace_back(k, acc.Finish(fitted));
    return out;
  });
}

core::Result<Cohorts> EconomicsService::CohortTable(const Actor& actor) {
  if (auto st = RequirePortfolioViewer(actor); !st) return core::Fail(st.error());
  const int today = static_cast<int>(clock_.Now().ms / core::kMsPerDay);
  const int this_month = MonthIndexOf(today);
  struct Acc {
    std::int64_t customers = 0, margin = 0;
    std::vector<std::int64_t> buyers;
  };
  std::map<int, Acc> acc;
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
      Id current = 0;
      int cohort = 0, last_offset = -1;
      Acc* a = nullptr;
      for (const auto& d : *days) {
        if (d.day > today) continue;
        const int month = MonthIndexOf(d.day);
        if (d.customer_id != current) {
          current = d.customer_id;
          cohort = month;
          last_offset = -1;
          a = &acc[cohort];
          ++a->customers;
          a->buyers.resize(static_cast<std::size_t>(this_month - cohort + 1), 0);
        }
        a->margin += d.margin_cents;
        const int offset = month - cohort;
        if (offset != last_offset && offset < static_cast<int>(a->buyers.size())) {
          ++a->buyers[static_cast<std::size_t>(offset)];
          last_offset = offset;
        }
      }
      return {};
    });
    if (!st) return core::Fail(st.error());
  }
  Cohorts out;
  for (const auto& [cohort, a] : acc) {
    CohortRow row{FormatMonthIndex(cohort), a.customers, a.margin, {}};
    for (auto b : a.buyers) row.retention.push_back(static_cast<double>(b) / static_cast<double>(a.customers));
    out.rows.push_back(std::move(row));
  }
  if (out.rows.empty()) out.reasons["rows"] = "no customer has bought yet";
  return out;
}

core::Result<WhatIf> EconomicsService::WhatIfRetention(const Actor& actor, double uplift, int horizon_months) {
  if (auto st = RequirePortfolioViewer(actor); !st) return core::Fail(st.error());
  std::map<std::string, std::string> bad;
  if (!std::isfinite(uplift) || uplift <= 0 || uplift > 1) bad["retention_uplift"] = "a share in (0, 1], e.g. 0.05";
  if (horizon_months < 1 || horizon_months > kMaxProjectionMonths) bad["horizon_months"] = "an integer from 1 to 120";
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
  const double horizon_weeks = horizon_months * kWeeksPerMonth;
  const double discount = MonthlyDiscount();
  double lost = 0, value = 0;
  bool spend_model = true;
  for (const auto& g : groups) {
    const auto p = fitted->Predict(g.frequency, g.recency_weeks, g.age_weeks, kExpectationWindowWeeks, horizon_weeks, discount);
    const double dead = (1 - p.p_alive) * static_cast<double>(g.customers);
    lost += dead;
    if (p.p_alive < 1e-12) continue;
    auto spend = fitted->ExpectedSpend(g.frequency, g.mean_spend_cents);
    if (!spend) {
      spend_model = false;
      continue;
    }
    const double ratio = g.value_cents > 0 ? std::clamp(static_cast<double>(g.margin_cents) / g.value_cents, -1.0, 1.0) : 0;
    value += dead * p.discounted_purchases / p.p_alive * *spend * ratio;
  }
  out.customers_expected_lost = lost;
  out.customers_kept = uplift * lost;
  if (spend_model) out.value_cents = std::llround(uplift * value);
  else out.reasons["value_cents"] = SpendReason(out.model);
  if (groups.empty()) out.reasons["customers_expected_lost"] = "no buying customer has been scored";
  return out;
}

}  // namespace rapport::domain
