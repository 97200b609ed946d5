// Migration 10: the romance engine and win-back use the scores of the economics run.
// - cadence_state.rank_cents: what the forgotten list ranks by: the customer's predicted lifetime
//   value (customer_scores.predicted_clv_cents) when a scoring run gave one, else value_cents (the
//   cumulative margin). Kept by the cadence scheduler's passes and by every scoring run, and
//   covered by the index Today reads its page from, so the ranking costs no join at 1M customers.
// - customer_scores.clv_if_alive_cents: the predicted value were the customer still buying
//   (predicted_clv_cents / p_alive, computed before rounding): the win-back cap.
// Written once for both backends (tokens of commerce_schema.hpp).
#pragma once

#include <string_view>

namespace rapport::store {

inline constexpr std::string_view kEconomicsRankingSchema = R"SQL(
ALTER TABLE cadence_state ADD COLUMN rank_cents BIGINT NOT NULL DEFAULT 0;
UPDATE cadence_state SET rank_cents = COALESCE(
  (SELECT predicted_clv_cents FROM customer_scores sc WHERE sc.customer_id = cadence_state.customer_id), value_cents);
DROP INDEX cadence_state_owner_due;
CREATE INDEX cadence_state_owner_due_rank ON cadence_state(owner_id, due_at, rank_cents, customer_id) WHERE due_at IS NOT NULL;

ALTER TABLE customer_scores ADD COLUMN clv_if_alive_cents BIGINT;
)SQL";

}  // namespace rapport::store
