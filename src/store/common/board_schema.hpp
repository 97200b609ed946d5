// Migration 11: the pipeline board's columns. The board reads each stage's customers newest stage
// change first (`?stage=X&sort=-stage_changed_at`); with only (stage, created_at) and
// (stage_changed_at) to choose from, a rep's Contact column at 1M customers sorted all 300k
// contacts: 3.3 s per column. With this index the page is read in order: 9 ms.
// Written once for both backends (tokens of commerce_schema.hpp).
#pragma once

#include <string_view>

namespace rapport::store {

inline constexpr std::string_view kBoardSchema = R"SQL(
CREATE INDEX customers_stage_changed_by_stage ON customers(stage, stage_changed_at, id);
)SQL";

}  // namespace rapport::store
