#include "analytics/clv/clv_engine.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "analytics/clv/gamma_gamma.hpp"
#include "analytics/clv/lifetime_value.hpp"

namespace rapport::analytics::clv {
namespace {

std::string Num(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// The value of "key" in a flat JSON object of numbers written by ParamsJson.
std::optional<double> Field(const std::string& json, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":";
  const auto pos = json.find(needle);
  if (pos == std::string::npos) return std::nullopt;
  const char* start = json.c_str() + pos + needle.size();
  char* end = nullptr;
  const double v = std::strtod(start, &end);
  if (end == start || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string ParamsJson(const FrequencyParams& params) {
  if (const auto* b = std::get_if<BgNbdParams>(&params))
    return "{\"r\":" + Num(b->r) + ",\"alpha\":" + Num(b->alpha) + ",\"a\":" + Num(b->a) + ",\"b\":" + Num(b->b) + "}";
  const auto& p = std::get<ParetoNbdParams>(params);
  return "{\"r\":" + Num(p.r) + ",\"alpha\":" + Num(p.alpha) + ",\"s\":" + Num(p.s) + ",\"beta\":" + Num(p.beta) + "}";
}

std::string ParamsJson(const GammaGammaParams& p) {
  return "{\"p\":" + Num(p.p) + ",\"q\":" + Num(p.q) + ",\"gamma\":" + Num(p.gamma) + "}";
}

class Fitted final : public domain::FittedClv {
 public:
  Fitted(FrequencyParams params, std::optional<GammaGammaParams> spend) : params_(params), spend_(spend) {}
  std::string_view Model() const override {
    return std::holds_alternative<BgNbdParams>(params_) ? "bgnbd" : "pareto-nbd";
  }
  domain::ClvPrediction Predict(std::int64_t frequency, double recency, double age, double window_weeks,
                                double horizon_weeks, double monthly_discount) const override {
    const CustomerRfm rfm{frequency, recency, age};
    domain::ClvPrediction out;
    out.p_alive = ProbabilityAlive(params_, rfm);
    out.expected_purchases = ExpectedTransactions(params_, rfm, window_weeks);
    ValueOptions options;
    options.horizon = horizon_weeks;
    options.step = 365.25 / 12 / 7;
    options.discount_rate = monthly_discount;
    options.margin = 1;
    out.discounted_purchases = PredictedValue(params_, rfm, 1.0, options);
    return out;
  }
  std::optional<double> ExpectedSpend(std::int64_t frequency, double mean_spend_cents) const override {
    if (!spend_) return std::nullopt;
    // The spend model works in currency units (as fitted); cents in and out.
    auto e = GammaGammaExpectedSpend(*spend_, frequency, frequency > 0 ? std::max(mean_spend_cents, 1.0) / 100 : 0);
    if (!e || !std::isfinite(*e)) return std::nullopt;
    return *e * 100;
  }

 private:
  FrequencyParams params_;
  std::optional<GammaGammaParams> spend_;
};

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

domain::ClvFitOutcome ClvEngine::Fit(std::string_view model, std::span<const domain::ClvHistory> histories) const {
  domain::ClvFitOutcome out;
  // Purchase model on (x, t_x, T) groups.
  auto start = std::chrono::steady_clock::now();
  std::vector<CustomerRfm> rfm;
  rfm.reserve(histories.size());
  for (const auto& h : histories) rfm.push_back({h.frequency, h.recency, h.age});
  const auto groups = GroupRfm(rfm);
  rfm = {};
  domain::ModelFitRecord freq;
  freq.model = model == "pareto-nbd" ? "pareto-nbd" : "bgnbd";
  freq.customers = static_cast<std::int64_t>(histories.size());
  freq.distinct_triples = static_cast<std::int64_t>(groups.size());
  std::optional<FrequencyParams> params;
  if (freq.model == "bgnbd") {
    auto fit = FitBgNbd(groups);
    if (fit) {
      params = fit->params;
      freq.log_likelihood = fit->log_likelihood;
    } else {
      freq.reason = "the BG/NBD fit failed: " + fit.error().message;
    }
  } else {
    auto fit = FitParetoNbd(groups);
    if (fit) {
      params = fit->params;
      freq.log_likelihood = fit->log_likelihood;
    } else {
      freq.reason = "the Pareto/NBD fit failed: " + fit.error().message;
    }
  }
  if (params) freq.params = ParamsJson(*params);
  freq.seconds = Seconds(start);
  out.records.push_back(freq);

  // Gamma-Gamma on the repeat buyers, mean spend in whole currency units.
  start = std::chrono::steady_clock::now();
  std::vector<SpendObservation> spend;
  for (const auto& h : histories)
    if (h.frequency > 0 && h.mean_spend_cents >= 50) spend.push_back({h.frequency, std::round(h.mean_spend_cents / 100)});
  const auto spend_groups = GroupSpend(spend);
  domain::ModelFitRecord gg;
  gg.model = "gamma-gamma";
  gg.customers = static_cast<std::int64_t>(spend.size());
  gg.distinct_triples = static_cast<std::int64_t>(spend_groups.size());
  std::optional<GammaGammaParams> gg_params;
  if (spend_groups.size() < 2) {
    gg.reason = "fewer than two distinct repeat-purchase histories with a positive spend";
  } else if (auto fit = FitGammaGamma(spend_groups); !fit) {
    gg.reason = "the Gamma-Gamma fit failed: " + fit.error().message;
  } else if (fit->params.q <= 1) {
    gg.reason = "the fitted Gamma-Gamma has no finite mean spend (q <= 1)";
    gg.params = ParamsJson(fit->params);
    gg.log_likelihood = fit->log_likelihood;
  } else {
    gg_params = fit->params;
    gg.params = ParamsJson(fit->params);
    gg.log_likelihood = fit->log_likelihood;
  }
  gg.seconds = Seconds(start);
  out.records.push_back(gg);
  if (params) out.fitted = std::make_unique<Fitted>(*params, gg_params);
  return out;
}

std::unique_ptr<domain::FittedClv> ClvEngine::Load(std::span<const domain::ModelFitRecord> records) const {
  std::optional<FrequencyParams> params;
  std::optional<GammaGammaParams> spend;
  for (const auto& r : records) {
    if (!r.params) continue;
    const std::string& j = *r.params;
    if (r.model == "bgnbd") {
      auto a = Field(j, "r"), b = Field(j, "alpha"), c = Field(j, "a"), d = Field(j, "b");
      if (a && b && c && d) params = BgNbdParams{*a, *b, *c, *d};
    } else if (r.model == "pareto-nbd") {
      auto a = Field(j, "r"), b = Field(j, "alpha"), c = Field(j, "s"), d = Field(j, "beta");
      if (a && b && c && d) params = ParetoNbdParams{*a, *b, *c, *d};
    } else if (r.model == "gamma-gamma" && !r.reason) {
      auto p = Field(j, "p"), q = Field(j, "q"), g = Field(j, "gamma");
      if (p && q && g) spend = GammaGammaParams{*p, *q, *g};
    }
  }
  if (!params) return nullptr;
  return std::make_unique<Fitted>(*params, spend);
}

}  // namespace rapport::analytics::clv
