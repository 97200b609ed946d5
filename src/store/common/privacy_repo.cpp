#include <boost/json.hpp>
#include <set>
#include <string_view>

#include "store/common/common_repos.hpp"

namespace rapport::store {

namespace {
// Payload keys that hold free text.
const std::set<std::string_view> kFreeTextKeys = {"reason", "note", "description", "title", "lost_reason", "reward"};
}  // namespace

core::Status SqlPrivacyRepo::RedactCustomerText(core::Id customer_id, std::string_view replacement) {
  // $2 is the replacement; CASE keeps absent values absent.
  static constexpr const char* kStatements[] = {
      "UPDATE deals SET title = $2, lost_reason = CASE WHEN lost_reason IS NULL THEN NULL ELSE $2 END "
      "WHERE customer_id = $1",
      "UPDATE order_adjustments SET reason = $2 WHERE order_id IN (SELECT id FROM orders WHERE customer_id = $1)",
      "UPDATE loyalty_ledger SET reason = CASE WHEN reason IS NULL THEN NULL ELSE $2 END WHERE customer_id = $1",
      "UPDATE subscriptions SET cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE $2 END "
      "WHERE customer_id = $1",
      "UPDATE subscription_events SET reason = CASE WHEN reason IS NULL THEN NULL ELSE $2 END "
      "WHERE subscription_id IN (SELECT id FROM subscriptions WHERE customer_id = $1)",
      "UPDATE referrals SET note = CASE WHEN note IS NULL THEN NULL ELSE $2 END "
      "WHERE referrer_id = $1 OR referred_id = $1",
      "UPDATE win_back_offers SET description = $2 WHERE customer_id = $1",
  };
  for (const char* sql : kStatements) {
    auto r = s_.Exec(sql, {customer_id, replacement});
    if (!r) return core::Fail(r.error());
  }
  // Outbox events copy some of that text into their JSON payloads.
  auto rows = s_.Query("SELECT id, payload FROM outbox WHERE customer_id = $1", {customer_id});
  if (!rows) return core::Fail(rows.error());
  for (int i = 0; i < rows->Rows(); ++i) {
    boost::system::error_code ec;
    auto v = boost::json::parse(rows->Text(i, 1), ec);
    if (ec || !v.is_object()) continue;
    bool changed = false;
    for (auto& [key, value] : v.as_object()) {
      if (value.is_string() && kFreeTextKeys.contains(std::string_view(key))) {
        value = replacement;
        changed = true;
      }
    }
    if (!changed) continue;
    auto r = s_.Exec("UPDATE outbox SET payload = $2 WHERE id = $1", {rows->Int(i, 0), boost::json::serialize(v)});
    if (!r) return core::Fail(r.error());
  }
  return {};
}

}  // namespace rapport::store
