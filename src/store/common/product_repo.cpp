#include <boost/json.hpp>

#include "core/text.hpp"
#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

namespace json = boost::json;
using core::Fail;

constexpr const char* kColumns =
    "id, name, sku, price_cents, margin_cents, active, complements, limits, created_at, updated_at, version";

std::string ComplementsJson(const std::vector<core::Id>& ids) {
  json::array a;
  for (auto id : ids) a.emplace_back(id);
  return json::serialize(a);
}

std::string LimitsJson(const std::map<std::string, double>& limits) {
  json::object o;
  for (const auto& [k, v] : limits) o[k] = v;
  return json::serialize(o);
}

domain::Product ReadProduct(const SqlRows& r, int i) {
  domain::Product p;
  p.id = r.Int(i, 0);
  p.name = r.Text(i, 1);
  p.sku = r.Text(i, 2);
  p.price_cents = r.Int(i, 3);
  p.margin_cents = r.Int(i, 4);
  p.active = r.Bool(i, 5);
  boost::system::error_code ec;
  if (auto v = json::parse(r.Text(i, 6), ec); !ec && v.is_array())
    for (const auto& e : v.as_array()) p.complements.push_back(e.to_number<core::Id>());
  if (auto v = json::parse(r.Text(i, 7), ec); !ec && v.is_object())
    for (const auto& [k, e] : v.as_object()) p.limits[std::string(k)] = e.to_number<double>();
  p.created_at = r.Time(i, 8);
  p.updated_at = r.Time(i, 9);
  p.version = r.Int(i, 10);
  return p;
}

std::string SearchKey(const domain::Product& p) { return core::FoldCase(p.name) + " " + core::FoldCase(p.sku); }

std::string LikePattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

core::Result<core::Id> SqlProductRepo::Insert(const domain::Product& p) {
  auto r = s_.Query(
      "INSERT INTO products (name, sku, sku_key, search_key, price_cents, margin_cents, active, complements, "
      "limits, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
      "RETURNING id",
      {p.name, p.sku, core::FoldCase(p.sku), SearchKey(p), p.price_cents, p.margin_cents, p.active,
       ComplementsJson(p.complements), LimitsJson(p.limits), p.created_at, p.updated_at, p.version});
  if (!r) return Fail(r.error());
  return r->Int(0, 0);
}

core::Result<std::optional<domain::Product>> SqlProductRepo::Find(core::Id id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM products WHERE id = $1", {id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Product>{};
  return std::optional<domain::Product>{ReadProduct(*r, 0)};
}

core::Status SqlProductRepo::Update(const domain::Product& p) {
  auto r = s_.Exec(
      "UPDATE products SET name = $2, sku = $3, sku_key = $4, search_key = $5, price_cents = $6, "
      "margin_cents = $7, active = $8, complements = $9, limits = $10, updated_at = $11, version = $12 "
      "WHERE id = $1",
      {p.id, p.name, p.sku, core::FoldCase(p.sku), SearchKey(p), p.price_cents, p.margin_cents, p.active,
       ComplementsJson(p.complements), LimitsJson(p.limits), p.updated_at, p.version});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::Product>> SqlProductRepo::List(const domain::ProductQuery& q) {
  SqlArgs args{q.after_id};
  std::string sql = std::string("SELECT ") + kColumns + " FROM products WHERE id > $1";
  if (q.active) {
    sql += " AND active = " + NextParam(args);
    args.emplace_back(*q.active);
  }
  if (q.q) {
    sql += " AND search_key LIKE " + NextParam(args) + " ESCAPE '\\'";
    args.emplace_back(LikePattern(*q.q));
  }
  sql += " ORDER BY id LIMIT " + std::to_string(q.limit + 1);
  auto r = s_.Query(sql, args);
  if (!r) return Fail(r.error());
  std::vector<domain::Product> out;
  for (int i = 0; i < r->Rows(); ++i) out.push_back(ReadProduct(*r, i));
  return out;
}

}  // namespace rapport::store
