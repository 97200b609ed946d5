// Indexes of the web app's board counts (migration 11), the same on both backends.
#pragma once

#include <string_view>

namespace rapport::store {

// customers_board: counting live customers per stage (optionally per owner) reads only this
// narrow index, never the wide customer rows: about 0.1 s at a million customers instead of
// seconds. customer_scores_value: summing a stage's historical value reads two integers per
// customer instead of the whole score row.
inline constexpr std::string_view kBoardSchema = R"SQL(
CREATE INDEX customers_board ON customers(stage, owner_id, id) WHERE archived_at IS NULL;
CREATE INDEX customer_scores_value ON customer_scores(customer_id, historical_value_cents);
)SQL";

}  // namespace rapport::store
