// Schema of customer economics (migration 9): acquisition spend per source and month, the latest
// scores of every customer (with the figures they were computed from), and every model fit.
// Written once for both backends (tokens of commerce_schema.hpp).
#pragma once

#include <string_view>

namespace rapport::store {

inline constexpr std::string_view kEconomicsSchema = R"SQL(
CREATE TABLE acquisition_spend (
  source       TEXT NOT NULL,
  period       TEXT NOT NULL,  -- 'YYYY-MM'
  amount_cents BIGINT NOT NULL CHECK (amount_cents >= 0),
  updated_at   BIGINT NOT NULL,
  updated_by   BIGINT,
  PRIMARY KEY (source, period)
);

-- One row per customer, rewritten by every scoring run. The model figures are NULL when no model
-- could be fitted or the customer never bought; previous_p_alive is the value of the run before.
CREATE TABLE customer_scores (
  customer_id            @KEY@,
  model                  TEXT,
  model_version          BIGINT,
  fitted_at              BIGINT,
  p_alive                @REAL@,
  expected_purchases_90d @REAL@,
  predicted_clv_cents    BIGINT,
  historical_value_cents BIGINT NOT NULL,
  historical_margin_cents BIGINT NOT NULL,
  acquisition_cost_cents BIGINT,
  break_even_months      BIGINT,
  cohort                 TEXT,  -- 'YYYY-MM' of the first order; NULL without orders
  source                 TEXT,  -- the customer's source when scored: the portfolio groups by it
                                -- without reading the (wide) customer rows
  frequency              BIGINT NOT NULL,
  recency_weeks          @REAL@ NOT NULL,
  age_weeks              @REAL@ NOT NULL,
  mean_spend_cents       @REAL@ NOT NULL,
  previous_p_alive       @REAL@,
  scored_at              BIGINT NOT NULL
);

CREATE TABLE model_fits (
  id               @ID@,
  version          BIGINT NOT NULL,  -- the scoring run; both models of one run share it
  model            TEXT NOT NULL,
  params           TEXT,             -- JSON object; NULL when not fitted
  log_likelihood   @REAL@,
  customers        BIGINT NOT NULL,
  distinct_triples BIGINT NOT NULL,
  seconds          @REAL@ NOT NULL,
  reason           TEXT,             -- why there is no fit
  fitted_at        BIGINT NOT NULL
);
CREATE INDEX model_fits_version ON model_fits(version, model);
)SQL";

}  // namespace rapport::store
