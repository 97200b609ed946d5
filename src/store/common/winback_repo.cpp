#include "store/common/common_repos.hpp"

namespace rapport::store {

using core::Fail;

core::Result<domain::MarginHistory> SqlWinBackRepo::History(core::Id customer_id) {
  auto r = s_.Query(
      "SELECT COALESCE(SUM(margin_cents - refunded_margin_cents), 0), count(*), MIN(ordered_at) FROM orders "
      "WHERE customer_id = $1 AND status <> 'cancelled'",
      {customer_id});
  if (!r) return Fail(r.error());
  domain::MarginHistory h;
  h.net_margin_cents = r->Int(0, 0);
  h.orders = static_cast<int>(r->Int(0, 1));
  h.first_order_at = r->OptTime(0, 2);
  return h;
}

core::Result<std::vector<domain::WinBackOffer>> SqlWinBackRepo::Offers(core::Id customer_id) {
  auto r = s_.Query(
      "SELECT id, customer_id, at, by_user, description, cost_cents, cap_at_offer_cents FROM win_back_offers "
      "WHERE customer_id = $1 ORDER BY id",
      {customer_id});
  if (!r) return Fail(r.error());
  std::vector<domain::WinBackOffer> out;
  for (int i = 0; i < r->Rows(); ++i)
    out.push_back({r->Int(i, 0), r->Int(i, 1), r->Time(i, 2), r->OptInt(i, 3), r->Text(i, 4), r->Int(i, 5),
                   r->Int(i, 6)});
  return out;
}

core::Status SqlWinBackRepo::Append(domain::WinBackOffer& o) {
  auto r = s_.Query(
      "INSERT INTO win_back_offers (customer_id, at, by_user, description, cost_cents, cap_at_offer_cents) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {o.customer_id, o.at, o.by, o.description, o.cost_cents, o.cap_at_offer_cents});
  if (!r) return Fail(r.error());
  o.id = r->Int(0, 0);
  return {};
}

core::Status SqlWinBackRepo::Lock(core::Id customer_id) {
  if (s_.ForUpdate().empty()) return {};
  auto r = s_.Query(std::string("SELECT id FROM customers WHERE id = $1") + std::string(s_.ForUpdate()), {customer_id});
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace rapport::store
