// `rapport clv fit|summarize|predict`: the customer-lifetime-value models (analytics/clv) on CSV
// files, for analysts and for checking the models against published results. stdout carries only
// the answer (JSON for fit, CSV otherwise); notes and errors go to stderr.
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "analytics/clv/csv_fields.hpp"
#include "analytics/clv/frequency_model.hpp"
#include "analytics/clv/gamma_gamma.hpp"
#include "analytics/clv/lifetime_value.hpp"
#include "analytics/clv/summary_csv.hpp"
#include "analytics/clv/transaction_summary.hpp"
#include "cli/commands.hpp"

namespace rapport::cli {

namespace {

namespace clv = analytics::clv;
namespace json = boost::json;

core::Error Invalid(std::string message) {
  return core::Error{core::ErrorCode::kInvalidArgument, std::move(message), {}};
}

// Runs `read` on the file (or stdin for "-"); errors are prefixed with the file name.
template <typename Reader>
auto ReadFile(const std::string& path, Reader read) -> decltype(read(std::cin)) {
  if (path == "-") return read(std::cin);
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Fail(Invalid("cannot open " + path + ": " + std::strerror(errno)));
  auto result = read(in);
  if (!result) return core::Fail(Invalid(path + ": " + result.error().message));
  return result;
}

core::Result<clv::ModelKind> ParseModel(const std::string& name) {
  auto kind = clv::ParseModelKind(name);
  if (!kind)
    return core::Fail(
        Invalid("unknown model '" + name + "' (expected bgnbd, pareto-nbd or gamma-gamma)"));
  return *kind;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// ---- clv fit ----

// Boost.JSON 1.81 prints every double in exponent form (9582.4 as 9.5824E3); the answer is meant
// for people too, so numbers are written in their shortest exact decimal form instead.
void AppendJson(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.as_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::string(key));
        out += ':';
        AppendJson(out, value);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& value : v.as_array()) {
        if (!first) out += ',';
        first = false;
        AppendJson(out, value);
      }
      out += ']';
      return;
    }
    case json::kind::double_:
      out += std::isfinite(v.as_double()) ? clv::FormatNumber(v.as_double()) : "null";
      return;
    default:
      out += json::serialize(v);
  }
}

json::object FitJson(clv::ModelKind kind, json::object params, double log_likelihood,
                     double customers, const char* groups_name, std::size_t groups,
                     double seconds) {
  json::object out;
  out["model"] = std::string(clv::ModelKindName(kind));
  out["params"] = std::move(params);
  out["log_likelihood"] = log_likelihood;
  out["customers"] = static_cast<std::int64_t>(customers);
  out[groups_name] = static_cast<std::int64_t>(groups);
  out["seconds"] = seconds;
  return out;
}

core::Result<json::object> FitFrequencyModel(clv::ModelKind kind, const clv::SummaryTable& table) {
  std::vector<clv::CustomerRfm> customers;
  customers.reserve(table.rows.size());
  for (const auto& row : table.rows) customers.push_back(row.rfm);
  const auto start = std::chrono::steady_clock::now();
  const auto groups = clv::GroupRfm(customers);
  json::object out;
  if (kind == clv::ModelKind::kBgNbd) {
    auto fit = clv::FitBgNbd(groups);
    if (!fit) return core::Fail(fit.error());
    const auto& p = fit->params;
    out =
        FitJson(kind, {{"r", p.r}, {"alpha", p.alpha}, {"a", p.a}, {"b", p.b}}, fit->log_likelihood,
                fit->customers, "distinct_triples", groups.size(), SecondsSince(start));
  } else {
    auto fit = clv::FitParetoNbd(groups);
    if (!fit) return core::Fail(fit.error());
    const auto& p = fit->params;
    out = FitJson(kind, {{"r", p.r}, {"alpha", p.alpha}, {"s", p.s}, {"beta", p.beta}},
                  fit->log_likelihood, fit->customers, "distinct_triples", groups.size(),
                  SecondsSince(start));
  }
  return out;
}

// Gamma-Gamma describes the value of repeat purchases: rows without one carry no information and
// rows whose repeat purchases were all free have zero density, so both are left out and counted.
core::Result<json::object> FitSpendModel(const clv::SummaryTable& table) {
  std::vector<clv::SpendObservation> spend;
  std::int64_t no_repeat = 0, zero_spend = 0;
  for (const auto& row : table.rows) {
    if (row.rfm.frequency == 0)
      ++no_repeat;
    else if (*row.monetary_value == 0)
      ++zero_spend;
    else
      spend.push_back({row.rfm.frequency, *row.monetary_value});
  }
  const auto start = std::chrono::steady_clock::now();
  const auto groups = clv::GroupSpend(spend);
  auto fit = clv::FitGammaGamma(groups);
  if (!fit) return core::Fail(fit.error());
  const auto& p = fit->params;
  // Spend is grouped by (frequency, monetary_value) pairs, not triples.
  json::object out = FitJson(clv::ModelKind::kGammaGamma,
                             {{"p", p.p}, {"q", p.q}, {"gamma", p.gamma}}, fit->log_likelihood,
                             fit->customers, "distinct_pairs", groups.size(), SecondsSince(start));
  out["left_out_frequency_zero"] = no_repeat;
  out["left_out_zero_monetary_value"] = zero_spend;
  std::fprintf(stderr,
               "rapport: note: gamma-gamma fitted on %lld customers with repeat purchases; left "
               "out %lld with "
               "frequency 0 and %lld with monetary_value 0\n",
               static_cast<long long>(spend.size()), static_cast<long long>(no_repeat),
               static_cast<long long>(zero_spend));
  return out;
}

int RunFit(const std::string& model, const std::string& summary_path) {
  auto kind = ParseModel(model);
  if (!kind) return PrintError(kind.error());
  const bool spend = *kind == clv::ModelKind::kGammaGamma;
  auto table = ReadFile(summary_path, [&](std::istream& in) {
    return clv::ReadSummaryCsv(
        in, spend ? clv::MonetaryColumn::kRequired : clv::MonetaryColumn::kIgnored);
  });
  if (!table) return PrintError(table.error());
  auto out = spend ? FitSpendModel(*table) : FitFrequencyModel(*kind, *table);
  if (!out) return PrintError(out.error());
  std::string text;
  AppendJson(text, *out);
  std::printf("%s\n", text.c_str());
  return 0;
}

// ---- clv summarize ----

int RunSummarize(const std::string& transactions_path, const std::string& period,
                 const std::string& end) {
  double days_per_unit = 0;
  if (period == "day")
    days_per_unit = 1;
  else if (period == "week")
    days_per_unit = 7;
  else
    return PrintError(Invalid("unknown period '" + period + "' (expected day or week)"));
  const auto calibration_end = clv::ParseTransactionDate(end);
  if (!calibration_end)
    return PrintError(Invalid("--calibration-end is not a date: '" + end + "'"));
  auto log =
      ReadFile(transactions_path, [](std::istream& in) { return clv::ReadTransactionsCsv(in); });
  if (!log) return PrintError(log.error());
  const auto rows =
      clv::SummarizeTransactions(log->rows, log->has_amount, {*calibration_end, days_per_unit});
  std::ostringstream out;
  clv::WriteSummaryCsv(out, rows, log->has_amount);
  std::fwrite(out.str().data(), 1, out.str().size(), stdout);
  std::fprintf(stderr,
               "rapport: note: %zu customers from %zu transactions (one transaction per "
               "customer-day, up to %s)\n",
               rows.size(), log->rows.size(), core::FormatDate(*calibration_end).c_str());
  return 0;
}

// ---- clv predict ----

// --params: a JSON object given inline ("{...}") or a file holding one; either the parameters
// themselves or the output of `clv fit` (then its "model" must match).
core::Result<json::object> ReadParams(const std::string& flag, const std::string& text,
                                      clv::ModelKind expected) {
  std::string body = text;
  if (text.find('{') == std::string::npos) {
    std::ifstream in(text, std::ios::binary);
    if (!in)
      return core::Fail(Invalid(flag + ": cannot open " + text + ": " + std::strerror(errno)));
    std::ostringstream all;
    all << in.rdbuf();
    body = all.str();
  }
  boost::system::error_code ec;
  json::value value = json::parse(body, ec);
  if (ec || !value.is_object()) return core::Fail(Invalid(flag + ": not a JSON object"));
  json::object object = value.as_object();
  if (const auto* model = object.if_contains("model")) {
    const std::string name = model->is_string() ? std::string(model->as_string()) : "";
    if (name != clv::ModelKindName(expected))
      return core::Fail(Invalid(flag + ": the parameters are for model '" + name + "', not '" +
                                std::string(clv::ModelKindName(expected)) + "'"));
  }
  if (const auto* params = object.if_contains("params")) {
    if (!params->is_object()) return core::Fail(Invalid(flag + ": \"params\" is not an object"));
    return params->as_object();
  }
  return object;
}

core::Result<std::vector<double>> Numbers(const std::string& flag, const json::object& params,
                                          std::initializer_list<const char*> names) {
  std::vector<double> out;
  for (const char* name : names) {
    const auto* v = params.if_contains(name);
    if (!v || !v->is_number())
      return core::Fail(Invalid(flag + ": missing number \"" + name + "\""));
    out.push_back(v->to_number<double>());
  }
  return out;
}

core::Result<clv::FrequencyParams> FrequencyParamsFrom(clv::ModelKind kind,
                                                       const std::string& text) {
  auto params = ReadParams("--params", text, kind);
  if (!params) return core::Fail(params.error());
  clv::FrequencyParams out;
  if (kind == clv::ModelKind::kBgNbd) {
    auto v = Numbers("--params", *params, {"r", "alpha", "a", "b"});
    if (!v) return core::Fail(v.error());
    out = clv::BgNbdParams{(*v)[0], (*v)[1], (*v)[2], (*v)[3]};
  } else {
    auto v = Numbers("--params", *params, {"r", "alpha", "s", "beta"});
    if (!v) return core::Fail(v.error());
    out = clv::ParetoNbdParams{(*v)[0], (*v)[1], (*v)[2], (*v)[3]};
  }
  if (auto st = clv::ValidateParams(out); !st)
    return core::Fail(Invalid("--params: " + st.error().message));
  return out;
}

core::Result<clv::GammaGammaParams> SpendParamsFrom(const std::string& text) {
  auto params = ReadParams("--spend-params", text, clv::ModelKind::kGammaGamma);
  if (!params) return core::Fail(params.error());
  auto v = Numbers("--spend-params", *params, {"p", "q", "gamma"});
  if (!v) return core::Fail(v.error());
  const clv::GammaGammaParams out{(*v)[0], (*v)[1], (*v)[2]};
  if (auto st = clv::ValidateParams(out); !st)
    return core::Fail(Invalid("--spend-params: " + st.error().message));
  return out;
}

struct PredictArgs {
  std::string model, params, spend_params, summary;
  clv::ValueOptions value;
};

int RunPredict(const PredictArgs& args) {
  auto kind = ParseModel(args.model);
  if (!kind) return PrintError(kind.error());
  if (*kind == clv::ModelKind::kGammaGamma)
    return PrintError(
        Invalid("predict takes --model bgnbd or pareto-nbd; give the gamma-gamma parameters with "
                "--spend-params"));
  auto params = FrequencyParamsFrom(*kind, args.params);
  if (!params) return PrintError(params.error());
  std::optional<clv::GammaGammaParams> spend;
  if (!args.spend_params.empty()) {
    auto s = SpendParamsFrom(args.spend_params);
    if (!s) return PrintError(s.error());
    spend = *s;
  }
  if (auto st = clv::ValidateValueOptions(args.value); !st)
    return PrintError(Invalid("--" + st.error().message));
  auto table = ReadFile(args.summary, [&](std::istream& in) {
    return clv::ReadSummaryCsv(
        in, spend ? clv::MonetaryColumn::kRequired : clv::MonetaryColumn::kIgnored);
  });
  if (!table) return PrintError(table.error());
  // Built in memory first: a row that fails leaves no half-written CSV on stdout.
  std::ostringstream out;
  out << "customer_id,expected_purchases,probability_alive"
      << (spend ? ",expected_spend,predicted_value" : "") << '\n';
  for (const auto& row : table->rows) {
    out << clv::QuoteCsvField(row.id) << ','
        << clv::FormatNumber(clv::ExpectedTransactions(*params, row.rfm, args.value.horizon)) << ','
        << clv::FormatNumber(clv::ProbabilityAlive(*params, row.rfm));
    if (spend) {
      auto mean = clv::GammaGammaExpectedSpend(*spend, row.rfm.frequency, *row.monetary_value);
      if (!mean)
        return PrintError(Invalid(args.summary + ": line " + std::to_string(row.line) + ": " +
                                  mean.error().message));
      out << ',' << clv::FormatNumber(*mean) << ','
          << clv::FormatNumber(clv::PredictedValue(*params, row.rfm, *mean, args.value));
    }
    out << '\n';
  }
  std::fwrite(out.str().data(), 1, out.str().size(), stdout);
  return 0;
}

}  // namespace

void AddClvCommand(CLI::App& app, Action& action) {
  auto* clv_cmd = app.add_subcommand(
      "clv", "Customer lifetime value: BG/NBD, Pareto/NBD and Gamma-Gamma on CSV files");
  clv_cmd->require_subcommand(1);

  struct FitArgs {
    std::string model, summary;
  };
  auto fit_args = std::make_shared<FitArgs>();
  auto* fit =
      clv_cmd->add_subcommand("fit", "Fit a model by maximum likelihood; prints one JSON object");
  fit->add_option("--model", fit_args->model, "bgnbd, pareto-nbd or gamma-gamma")->required();
  fit->add_option("--summary", fit_args->summary,
                  "Summary CSV (customer_id,frequency,recency,T[,monetary_value] or "
                  "ID,x,t_x,T[,zbar]); - for stdin")
      ->required();
  fit->callback([&action, fit_args] {
    action = [fit_args] { return RunFit(fit_args->model, fit_args->summary); };
  });

  struct SummarizeArgs {
    std::string transactions, period, calibration_end;
  };
  auto sum_args = std::make_shared<SummarizeArgs>();
  auto* summarize = clv_cmd->add_subcommand(
      "summarize",
      "Turn a transaction log (customer_id,date[,amount]) into the summary CSV, on stdout");
  summarize
      ->add_option("--transactions", sum_args->transactions,
                   "Transaction CSV with a header; - for stdin")
      ->required();
  summarize->add_option("--period", sum_args->period, "Time unit of recency and T: day or week")
      ->required();
  summarize
      ->add_option("--calibration-end", sum_args->calibration_end,
                   "Last day of the calibration period (inclusive): YYYY-MM-DD or YYYYMMDD")
      ->required();
  summarize->callback([&action, sum_args] {
    action = [sum_args] {
      return RunSummarize(sum_args->transactions, sum_args->period, sum_args->calibration_end);
    };
  });

  auto predict_args = std::make_shared<PredictArgs>();
  auto* predict = clv_cmd->add_subcommand("predict",
                                          "Per customer: expected purchases, probability alive "
                                          "and, with --spend-params, spend and value (CSV)");
  predict->add_option("--model", predict_args->model, "bgnbd or pareto-nbd")->required();
  predict
      ->add_option("--params", predict_args->params,
                   "JSON object, inline or a file (the output of clv fit works)")
      ->required();
  predict->add_option("--summary", predict_args->summary, "Summary CSV; - for stdin")->required();
  predict
      ->add_option("--horizon", predict_args->value.horizon,
                   "Prediction horizon, in the summary's time unit")
      ->required();
  predict->add_option(
      "--spend-params", predict_args->spend_params,
      "Gamma-Gamma parameters (JSON inline or a file); adds expected_spend and predicted_value");
  predict->add_option(
      "--step", predict_args->value.step,
      "Length of one discounting period in the summary's unit (default 1; e.g. 4.345 weeks)");
  predict->add_option("--discount-rate", predict_args->value.discount_rate,
                      "Discount rate per step (default 0)");
  predict->add_option("--margin", predict_args->value.margin,
                      "Share of spend that is margin (default 1)");
  predict->callback(
      [&action, predict_args] { action = [predict_args] { return RunPredict(*predict_args); }; });
}

}  // namespace rapport::cli
