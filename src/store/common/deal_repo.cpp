#include <algorithm>
#include <boost/json.hpp>

#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

namespace json = boost::json;
using core::Fail;

constexpr const char* kColumns =
    "d.id, d.customer_id, d.owner_id, d.title, d.amount_cents, d.margin_cents, d.currency, "
    "d.expected_close_date, d.stage, d.lines, d.lost_reason, d.competitor, d.order_id, d.created_at, "
    "d.updated_at, d.stage_changed_at, d.closed_at, d.version";

std::string LinesJson(const std::vector<domain::DealLine>& lines) {
  json::array a;
  for (const auto& l : lines)
    a.emplace_back(json::object{{"product_id", l.product_id}, {"quantity", l.quantity},
                                {"unit_price_cents", l.unit_price_cents}});
  return json::serialize(a);
}

std::optional<std::string> DateText(const std::optional<core::Date>& d) {
  return d ? std::optional<std::string>(core::FormatDate(*d)) : std::nullopt;
}

domain::Deal ReadDeal(const SqlRows& r, int i) {
  domain::Deal d;
  d.id = r.Int(i, 0);
  d.customer_id = r.Int(i, 1);
  d.owner_id = r.Int(i, 2);
  d.title = r.Text(i, 3);
  d.amount_cents = r.Int(i, 4);
  d.margin_cents = r.OptInt(i, 5);
  d.currency = r.Text(i, 6);
  if (auto t = r.OptText(i, 7)) d.expected_close_date = core::ParseDate(*t);
  d.stage = domain::ParseDealStage(r.Text(i, 8)).value_or(domain::DealStage::kProposal);
  boost::system::error_code ec;
  if (auto v = json::parse(r.Text(i, 9), ec); !ec && v.is_array())
    for (const auto& e : v.as_array()) {
      const auto& o = e.as_object();
      d.lines.push_back({o.at("product_id").to_number<core::Id>(), o.at("quantity").to_number<std::int64_t>(),
                         o.at("unit_price_cents").to_number<std::int64_t>()});
    }
  d.lost_reason = r.OptText(i, 10);
  d.competitor = r.OptText(i, 11);
  d.order_id = r.OptInt(i, 12);
  d.created_at = r.Time(i, 13);
  d.updated_at = r.Time(i, 14);
  d.stage_changed_at = r.Time(i, 15);
  d.closed_at = r.OptTime(i, 16);
  d.version = r.Int(i, 17);
  return d;
}

}  // namespace

core::Result<core::Id> SqlDealRepo::Insert(const domain::Deal& d) {
  auto r = s_.Query(
      "INSERT INTO deals (customer_id, owner_id, title, amount_cents, margin_cents, currency, "
      "expected_close_date, stage, lines, lost_reason, competitor, order_id, created_at, updated_at, "
      "stage_changed_at, closed_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14, $15, $16, $17) RETURNING id",
      {d.customer_id, d.owner_id, d.title, d.amount_cents, d.margin_cents, d.currency,
       DateText(d.expected_close_date), domain::DealStageName(d.stage), LinesJson(d.lines), d.lost_reason,
       d.competitor, d.order_id, d.created_at, d.updated_at, d.stage_changed_at, d.closed_at, d.version});
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::optional<domain::Deal>> SqlDealRepo::Find(core::Id id, const domain::CustomerScope& scope) {
  SqlArgs args{id};
  const std::string where = ScopeWhere(scope, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM deals d JOIN customers c ON c.id = d.customer_id WHERE d.id = $1 AND " + where +
                        std::string(s_.ForUpdate().empty() ? "" : " FOR UPDATE OF d"),
                    args);
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Deal>{};
  return std::optional<domain::Deal>{ReadDeal(*r, 0)};
}

core::Status SqlDealRepo::Update(const domain::Deal& d) {
  auto r = s_.Exec(
      "UPDATE deals SET owner_id = $2, title = $3, amount_cents = $4, margin_cents = $5, expected_close_date = $6, "
      "stage = $7, lines = $8, lost_reason = $9, competitor = $10, order_id = $11, updated_at = $12, "
      "stage_changed_at = $13, closed_at = $14, version = $15 WHERE id = $1",
      {d.id, d.owner_id, d.title, d.amount_cents, d.margin_cents, DateText(d.expected_close_date),
       domain::DealStageName(d.stage), LinesJson(d.lines), d.lost_reason, d.competitor, d.order_id, d.updated_at,
       d.stage_changed_at, d.closed_at, d.version});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::Deal>> SqlDealRepo::List(const domain::DealQuery& q) {
  SqlArgs args;
  std::string sql = std::string("SELECT ") + kColumns + " FROM deals d JOIN customers c ON c.id = d.customer_id WHERE " +
                    ScopeWhere(q.scope, args);
  if (q.before_id) {
    sql += " AND d.id < " + NextParam(args);
    args.emplace_back(q.before_id);
  }
  if (q.stage) {
    sql += " AND d.stage = " + NextParam(args);
    args.emplace_back(domain::DealStageName(*q.stage));
  }
  if (q.open_only) sql += " AND d.stage IN ('proposal', 'negotiation')";
  if (q.customer_id) {
    sql += " AND d.customer_id = " + NextParam(args);
    args.emplace_back(*q.customer_id);
  }
  if (q.owner_id) {
    sql += " AND d.owner_id = " + NextParam(args);
    args.emplace_back(*q.owner_id);
  }
  sql += " ORDER BY d.id DESC LIMIT " + std::to_string(q.limit + 1);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  std::vector<domain::Deal> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadDeal(*r, i));
  return out;
}

core::Result<int> SqlDealRepo::CountOpen(core::Id customer_id, core::Id except) {
  auto r = s_.Query(
      "SELECT count(*) FROM deals WHERE customer_id = $1 AND id <> $2 AND stage IN ('proposal', 'negotiation')",
      {customer_id, except});
  if (!r) return Fail(r.error());
  return static_cast<int>(r->Int(0, 0));
}

core::Result<int> SqlDealRepo::CountWon(core::Id customer_id) {
  auto r = s_.Query("SELECT count(*) FROM deals WHERE customer_id = $1 AND stage = 'won'", {customer_id});
  if (!r) return Fail(r.error());
  return static_cast<int>(r->Int(0, 0));
}

core::Result<domain::PipelineFigures> SqlDealRepo::Figures(const domain::CustomerScope& scope,
                                                          std::optional<core::Id> owner_id) {
  using domain::DealStage;
  // The deals `scope` may see. Everyone's need no customer at all: joining every deal to its
  // customer costs a random lookup per deal.
  SqlArgs base_args;
  std::string from = scope.user_id ? " FROM deals d JOIN customers c ON c.id = d.customer_id WHERE " + ScopeWhere(scope, base_args)
                                   : std::string(" FROM deals d WHERE 1 = 1");
  if (owner_id) {
    from += " AND d.owner_id = " + NextParam(base_args);
    base_args.emplace_back(*owner_id);
  }
  std::string weighted = "d.amount_cents * CASE d.stage";
  for (DealStage s : {DealStage::kProposal, DealStage::kNegotiation, DealStage::kWon, DealStage::kLost})
    weighted += " WHEN '" + std::string(domain::DealStageName(s)) + "' THEN " + std::to_string(domain::WinProbabilityPercent(s));
  weighted += " ELSE 0 END / 100";

  domain::PipelineFigures out;
  auto per_stage = s_.Query("SELECT d.stage, count(*), COALESCE(sum(d.amount_cents), 0), COALESCE(sum(" + weighted + "), 0)" +
                                from + " GROUP BY d.stage",
                            base_args);
  if (!per_stage) return Fail(per_stage.error());
  for (int i = 0; i < per_stage->Rows(); ++i) {
    domain::StageFigures f;
    f.stage = domain::ParseDealStage(per_stage->Text(i, 0)).value_or(DealStage::kProposal);
    f.count = static_cast<int>(per_stage->Int(i, 1));
    f.amount_cents = per_stage->Int(i, 2);
    f.weighted_cents = per_stage->Int(i, 3);
    // The median's one or two middle values, read through the (stage, basis) indexes.
    const std::string basis = domain::IsOpen(f.stage) ? "d.stage_changed_at"
                                                      : "(COALESCE(d.closed_at, d.stage_changed_at) - d.created_at)";
    SqlArgs args = base_args;
    const std::string stage_param = NextParam(args);
    args.emplace_back(domain::DealStageName(f.stage));
    const std::string limit_param = NextParam(args);
    args.emplace_back(f.count % 2 ? 1 : 2);
    const std::string offset_param = NextParam(args);
    args.emplace_back((f.count - 1) / 2);
    auto middle = s_.Query("SELECT " + basis + from + " AND d.stage = " + stage_param + " ORDER BY " + basis +
                               " LIMIT " + limit_param + " OFFSET " + offset_param,
                           args);
    if (!middle) return Fail(middle.error());
    for (int m = 0; m < middle->Rows(); ++m) f.middle.push_back(middle->Int(m, 0));
    out.stages.push_back(std::move(f));
  }
  auto months = s_.Query("SELECT substr(d.expected_close_date, 1, 7), count(*), COALESCE(sum(d.amount_cents), 0), "
                         "COALESCE(sum(" + weighted + "), 0)" + from +
                             " AND d.stage IN ('proposal', 'negotiation') GROUP BY substr(d.expected_close_date, 1, 7)",
                         base_args);
  if (!months) return Fail(months.error());
  for (int i = 0; i < months->Rows(); ++i)
    out.forecast.push_back({months->OptText(i, 0).value_or(""), static_cast<int>(months->Int(i, 1)),
                            months->Int(i, 2), months->Int(i, 3)});
  return out;
}

}  // namespace rapport::store
