// The Economics screen's funnel and probability-alive histogram over HTTP: decode the period,
// call domain::FunnelService, encode. Missing figures are null with a reason, as elsewhere in
// /api/v1/economics.
#include <boost/json.hpp>
#include <cmath>

#include "domain/economics/funnel_service.hpp"
#include "http/economics/openapi_board.hpp"
#include "http/economics/economics_handlers.hpp"
#include "http/error_response.hpp"
#include "http/json_body.hpp"

namespace rapport::http {
namespace {

namespace json = boost::json;
using domain::Actor;

json::value Rounded(const std::optional<double>& v, double scale) {
  if (!v) return nullptr;
  return std::round(*v * scale) / scale;
}

json::object ReasonsJson(const domain::Reasons& reasons) {
  json::object o;
  for (const auto& [k, v] : reasons) o[k] = v;
  return o;
}

Response Funnel(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {"from", "to"});
  auto from = q.TimeParam("from");
  auto to = q.TimeParam("to");
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  domain::FunnelService service(ctx.services.store, ctx.services.clock);
  auto r = service.LifecycleFunnel(actor, from, to);
  if (!r) return ErrorResponse(r.error());
  json::array stages;
  for (const auto& s : r->funnel.stages)
    stages.push_back(json::object{{"stage", domain::StageName(s.stage)},
                                  {"reached", s.reached},
                                  {"conversion", Rounded(s.conversion, 10000)},
                                  {"median_days_in_stage", Rounded(s.median_days, 10)}});
  return JsonResponse(200, json::object{{"from", core::FormatIso8601(r->funnel.from)},
                                        {"to", core::FormatIso8601(r->funnel.to)},
                                        {"stages", std::move(stages)},
                                        {"reasons", ReasonsJson(r->reasons)}});
}

Response PAlive(ApiContext& ctx, Request& req, const Actor& actor) {
  QueryReader q(req, {});
  if (auto st = q.Finish(); !st) return ErrorResponse(st.error());
  domain::FunnelService service(ctx.services.store, ctx.services.clock);
  auto r = service.PAlive(actor);
  if (!r) return ErrorResponse(r.error());
  json::array bins;
  for (std::size_t i = 0; i < r->bins.bins.size(); ++i)
    bins.push_back(json::object{{"from", static_cast<double>(i) / 10}, {"to", static_cast<double>(i + 1) / 10},
                                {"count", r->bins.bins[i]}});
  const auto& m = r->model;
  return JsonResponse(200, json::object{
                               {"bins", std::move(bins)},
                               {"scored", r->bins.scored},
                               {"unscored", r->bins.live_customers - r->bins.scored},
                               {"model", m && !m->model.empty() ? json::value(m->model) : json::value(nullptr)},
                               {"version", m ? json::value(m->version) : json::value(nullptr)},
                               {"fitted_at", m ? json::value(core::FormatIso8601(m->fitted_at)) : json::value(nullptr)},
                               {"reasons", ReasonsJson(r->reasons)}});
}

}  // namespace

void RegisterFunnelRoutes(ApiRoutes& routes) {
  using namespace openapi;  // NOLINT: the OpenAPI building blocks
  using namespace openapi::board;  // NOLINT
  routes.Add("GET", "/api/v1/economics/funnel", Funnel,
             WithQuery(Op("The lifecycle funnel contact → romance: customers who reached each stage in the period, "
                          "conversion from the previous stage and median days spent in the stage (from the stage history).",
                          Responses({{"200", Ok("EconomicsFunnel", "One row per stage.")}},
                                    {{"401", kAuth}, {"403", kManagers}, {"422", kInvalid}})),
                       {QueryParam("from", Time(), "Start (inclusive); default 12 months before `to`."),
                        QueryParam("to", Time(), "End (exclusive); default now.")}));
  routes.Add("GET", "/api/v1/economics/p-alive", PAlive,
             Op("Distribution of the latest probability-alive scores in 10 bins of 0.1, the customers not scored, and the model.",
                Responses({{"200", Ok("EconomicsPAlive", "The histogram.")}}, {{"401", kAuth}, {"403", kManagers}})));
}

}  // namespace rapport::http
