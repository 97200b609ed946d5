#include "domain/economics/value_rules.hpp"

#include <algorithm>
#include <cmath>

#include "domain/economics/scoring_service.hpp"

namespace rapport::domain {
namespace {

constexpr int kMaxProjectionMonths = 120;

}  // namespace

const char* const kNotScoredReason =
    "no scoring run yet: scores are computed nightly by the server, or by `rapport score`";

std::string ModelReason(const std::optional<ModelInfo>& model) {
  if (!model) return kNotScoredReason;
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

std::optional<std::int64_t> CostPerCustomer(std::int64_t spend_cents, std::int64_t customers) {
  if (customers <= 0) return std::nullopt;
  return std::llround(static_cast<double>(spend_cents) / static_cast<double>(customers));
}

std::optional<std::string> ProjectBreakEven(std::int64_t remaining_cents, std::optional<std::int64_t> predicted_clv_cents,
                                            const std::string& this_month, std::string& reason) {
  if (!predicted_clv_cents) {
    reason = "needs the predicted value";
    return std::nullopt;
  }
  if (*predicted_clv_cents <= 0) {
    reason = "the model expects no more margin from this customer";
    return std::nullopt;
  }
  const double monthly = static_cast<double>(*predicted_clv_cents) / kValueHorizonMonths;
  const double months = std::ceil(static_cast<double>(remaining_cents) / monthly);
  if (months > kMaxProjectionMonths) {
    reason = "not within 10 years at the margin the model expects";
    return std::nullopt;
  }
  return AddMonthsTo(this_month, std::max(1, static_cast<int>(months)));
}

CustomerValue ComputeCustomerValue(CustomerValueInputs in, int today) {
  CustomerValue v;
  v.customer_id = in.customer_id;
  v.acquisition_month = MonthOf(static_cast<int>(in.created_at.ms / core::kMsPerDay));
  if (in.own_cost_cents > 0) {
    v.acquisition_cost_cents = in.own_cost_cents;
    v.acquisition_cost_basis = "customer";
  } else if (in.allocated_cost_cents) {
    v.acquisition_cost_cents = in.allocated_cost_cents;
    v.acquisition_cost_basis = "allocated";
  } else {
    v.reasons["acquisition_cost_cents"] = "none recorded for the customer, and no acquisition spend entered for source \"" +
                                          in.source + "\" in " + v.acquisition_month;
  }
  std::erase_if(in.days, [&](const CustomerDay& d) { return d.day > today; });
  for (const auto& d : in.days) {
    v.historical_value_cents += d.amount_cents;
    v.historical_margin_cents += d.margin_cents;
  }
  std::string first = v.acquisition_month;
  if (!in.days.empty()) first = std::min(first, MonthOf(in.days.front().day));
  v.months = CumulativeMargin(in.days, first, MonthOf(today));
  if (v.acquisition_cost_cents) {
    v.break_even_month = BreakEvenMonth(v.months, *v.acquisition_cost_cents);
    if (!v.break_even_month) v.reasons["break_even_month"] = "not yet: the cumulative margin is below the acquisition cost";
  } else {
    v.reasons["break_even_month"] = "the acquisition cost is unknown";
  }
  v.model = in.model;
  std::string missing;
  if (!in.score) {
    missing = kNotScoredReason;
  } else if (in.score->p_alive) {
    const auto& s = *in.score;
    v.p_alive = s.p_alive;
    v.previous_p_alive = s.previous_p_alive;
    v.expected_purchases_90d = s.expected_purchases_90d;
    v.predicted_clv_cents = s.predicted_clv_cents;
    v.scored_at = s.scored_at;
    if (!s.predicted_clv_cents) v.reasons["predicted_clv_cents"] = SpendReason(in.model);
  } else if (!in.score->cohort) {
    missing = "the customer had not bought when last scored: the models score customers from their first purchase";
    v.scored_at = in.score->scored_at;
  } else {
    missing = ModelReason(in.model);
    v.scored_at = in.score->scored_at;
  }
  if (!missing.empty())
    for (const char* f : {"p_alive", "expected_purchases_90d", "predicted_clv_cents"}) v.reasons[f] = missing;
  if (v.acquisition_cost_cents && !v.break_even_month) {
    const std::int64_t remaining =
        *v.acquisition_cost_cents - (v.months.empty() ? 0 : v.months.back().cumulative_margin_cents);
    std::string reason;
    v.projected_break_even_month = ProjectBreakEven(remaining, v.predicted_clv_cents, MonthOf(today), reason);
    if (!v.projected_break_even_month) v.reasons["projected_break_even_month"] = std::move(reason);
  }
  return v;
}

void PortfolioAccumulator::Add(const ScoreAggregate& a) {
  customers_ += a.customers;
  if (!a.cohort.empty()) buying_ += a.customers;
  with_cost_ += a.with_cost;
  cost_ += a.cost_cents;
  margin_ += a.margin_cents;
  clv_ += a.clv_cents;
  with_clv_ += a.with_clv;
  if (a.break_even_months) break_even_[*a.break_even_months] += a.customers;
  else not_yet_ += a.with_cost;
}

PortfolioFigures PortfolioAccumulator::Finish(bool model) const {
  PortfolioFigures f;
  f.customers = customers_;
  f.customers_with_cost = with_cost_;
  if (with_cost_ > 0) f.cac_cents = std::llround(static_cast<double>(cost_) / static_cast<double>(with_cost_));
  else f.reasons["cac_cents"] = "no customer here has an acquisition cost (their own, or allocated from spend)";
  if (!model || with_clv_ == 0) {
    f.reasons["ltv_cents"] = model ? "no customer here has a predicted value" : "no purchase model is fitted";
  } else if (buying_ > 0) {
    f.ltv_cents = std::llround(static_cast<double>(margin_ + clv_) / static_cast<double>(buying_));
  } else {
    f.reasons["ltv_cents"] = "no customer here has bought";
  }
  if (f.ltv_cents && f.cac_cents && *f.cac_cents > 0)
    f.ltv_to_cac = static_cast<double>(*f.ltv_cents) / static_cast<double>(*f.cac_cents);
  else if (!f.reasons.contains("ltv_cents") && !f.reasons.contains("cac_cents"))
    f.reasons["ltv_to_cac"] = "the CAC is zero";
  else
    f.reasons["ltv_to_cac"] = "needs both the LTV and the CAC";
  std::int64_t n = 0;
  for (const auto& [m, c] : break_even_) n += c;
  f.broke_even = n;
  f.not_yet = not_yet_;
  if (n == 0) {
    f.reasons["median_months_to_break_even"] = "no customer with an acquisition cost has earned it back yet";
  } else {
    // The median of the histogram: the middle value, or the mean of the two middle ones.
    auto nth = [&](std::int64_t k) {
      for (const auto& [m, c] : break_even_) {
        if (k < c) return static_cast<double>(m);
        k -= c;
      }
      return 0.0;
    };
    f.median_months_to_break_even = n % 2 ? nth(n / 2) : (nth(n / 2 - 1) + nth(n / 2)) / 2;
  }
  return f;
}

CohortAccumulator::CohortAccumulator(int today) : today_(today), this_month_(MonthIndexOf(today)) {}

void CohortAccumulator::Add(std::span<const CustomerDay> days) {
  Id current = 0;
  int cohort = 0, last_offset = -1;
  Acc* a = nullptr;
  for (const auto& d : days) {
    if (d.day > today_) continue;
    const int month = MonthIndexOf(d.day);
    if (d.customer_id != current) {
      current = d.customer_id;
      cohort = month;
      last_offset = -1;
      a = &acc_[cohort];
      ++a->customers;
      a->buyers.resize(static_cast<std::size_t>(this_month_ - cohort + 1), 0);
    }
    a->margin += d.margin_cents;
    const int offset = month - cohort;
    if (offset != last_offset && offset < static_cast<int>(a->buyers.size())) {
      ++a->buyers[static_cast<std::size_t>(offset)];
      last_offset = offset;
    }
  }
}

Cohorts CohortAccumulator::Finish() const {
  Cohorts out;
  for (const auto& [cohort, a] : acc_) {
    CohortRow row{FormatMonthIndex(cohort), a.customers, a.margin, {}};
    for (auto b : a.buyers) row.retention.push_back(static_cast<double>(b) / static_cast<double>(a.customers));
    out.rows.push_back(std::move(row));
  }
  if (out.rows.empty()) out.reasons["rows"] = "no customer has bought yet";
  return out;
}

RetentionOutcome RetentionValue(const FittedClv& fitted, std::span<const ScoreGroup> groups, int horizon_months,
                                double monthly_discount) {
  const double horizon_weeks = horizon_months * kWeeksPerMonth;
  double lost = 0, value = 0;
  bool spend_model = true;
  for (const auto& g : groups) {
    const auto p =
        fitted.Predict(g.frequency, g.recency_weeks, g.age_weeks, kExpectationWindowWeeks, horizon_weeks, monthly_discount);
    const double dead = (1 - p.p_alive) * static_cast<double>(g.customers);
    lost += dead;
    if (p.p_alive < 1e-12) continue;
    auto spend = fitted.ExpectedSpend(g.frequency, g.mean_spend_cents);
    if (!spend) {
      spend_model = false;
      continue;
    }
    const double ratio =
        g.value_cents > 0 ? std::clamp(static_cast<double>(g.margin_cents) / static_cast<double>(g.value_cents), -1.0, 1.0)
                          : 0;
    value += dead * p.discounted_purchases / p.p_alive * *spend * ratio;
  }
  RetentionOutcome out;
  out.customers_expected_lost = lost;
  if (spend_model) out.value_cents = value;
  return out;
}

}  // namespace rapport::domain
