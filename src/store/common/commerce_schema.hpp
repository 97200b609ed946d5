// Schema of the commerce tables (migration 4), written once for both backends. Two tokens differ:
// @ID@ is the auto-numbered primary key, @REAL@ a double, @KEY@ a primary key the application gives, @NOW_MS@ the current time in ms. Times are BIGINT milliseconds (UTC),
// money BIGINT minor units, dates TEXT "YYYY-MM-DD", flags BIGINT 0/1 (the same on both engines).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::store {

enum class Dialect { kSqlite, kPostgres };

// `sql` with the tokens replaced for `dialect`.
std::string ForDialect(std::string_view sql, Dialect dialect);

// A migration written once for both backends.
struct CommonMigration {
  int version;
  const char* name;
  std::string_view sql;  // with @ID@ / @REAL@ tokens
};
// Every common migration (4 on), in version order. Append only.
std::span<const CommonMigration> CommonMigrations();

// The common migrations' SQL in `dialect`, in CommonMigrations() order.
std::vector<std::string> CommonMigrationTexts(Dialect dialect);

// A backend's full list: its own migrations (1-3), then the common ones with `texts` (from
// CommonMigrationTexts; the caller keeps them alive as long as the list). `Migration` is the
// backend's {version, name, sql} type (the same type for both backends today: the texts are
// the caller's, never shared).
template <typename Migration>
std::vector<Migration> WithCommonMigrations(std::span<const Migration> own, const std::vector<std::string>& texts) {
  std::vector<Migration> all(own.begin(), own.end());
  const auto common = CommonMigrations();
  for (std::size_t i = 0; i < common.size() && i < texts.size(); ++i)
    all.push_back({common[i].version, common[i].name, texts[i].c_str()});
  return all;
}

inline constexpr std::string_view kCommerceSchema = R"SQL(
CREATE TABLE products (
  id           @ID@,
  name         TEXT NOT NULL,
  sku          TEXT NOT NULL,
  sku_key      TEXT NOT NULL UNIQUE,  -- case-folded sku: uniqueness ignores case
  search_key   TEXT NOT NULL,         -- case-folded name and sku: what q matches
  price_cents  BIGINT NOT NULL CHECK (price_cents >= 0),
  margin_cents BIGINT NOT NULL,
  active       BIGINT NOT NULL DEFAULT 1,
  complements  TEXT NOT NULL DEFAULT '[]',  -- JSON array of product ids
  limits       TEXT NOT NULL DEFAULT '{}',  -- JSON object: usage metric -> plan limit
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE deals (
  id                  @ID@,
  customer_id         BIGINT NOT NULL REFERENCES customers(id),
  owner_id            BIGINT NOT NULL REFERENCES users(id),
  title               TEXT NOT NULL,
  amount_cents        BIGINT NOT NULL CHECK (amount_cents >= 0),
  margin_cents        BIGINT,
  currency            TEXT NOT NULL,
  expected_close_date TEXT,
  stage               TEXT NOT NULL CHECK (stage IN ('proposal', 'negotiation', 'won', 'lost')),
  lines               TEXT NOT NULL DEFAULT '[]',  -- JSON [{product_id, quantity, unit_price_cents}]
  lost_reason         TEXT,
  competitor          TEXT,
  order_id            BIGINT,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  stage_changed_at    BIGINT NOT NULL,
  closed_at           BIGINT,
  version             BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX deals_customer ON deals(customer_id, id);
CREATE INDEX deals_stage ON deals(stage, id);
CREATE INDEX deals_owner ON deals(owner_id, id);
-- The pipeline: per-stage sums and the forecast read from this index alone (deal rows are wide:
-- their lines), and the medians' middle values read in order instead of sorting every deal.
CREATE INDEX deals_pipeline ON deals(stage, amount_cents, expected_close_date);
CREATE INDEX deals_stage_changed ON deals(stage, stage_changed_at);
CREATE INDEX deals_stage_duration ON deals(stage, (COALESCE(closed_at, stage_changed_at) - created_at));

CREATE TABLE orders (
  id                    @ID@,
  customer_id           BIGINT NOT NULL REFERENCES customers(id),
  ordered_at            BIGINT NOT NULL,
  currency              TEXT NOT NULL,
  channel               TEXT,
  amount_cents          BIGINT NOT NULL CHECK (amount_cents >= 0),
  margin_cents          BIGINT NOT NULL,
  refunded_cents        BIGINT NOT NULL DEFAULT 0,
  refunded_margin_cents BIGINT NOT NULL DEFAULT 0,
  status                TEXT NOT NULL CHECK (status IN ('placed', 'partially_refunded', 'refunded', 'cancelled')),
  cancelled_at          BIGINT,
  deal_id               BIGINT,
  created_by            BIGINT NOT NULL,
  created_at            BIGINT NOT NULL,
  updated_at            BIGINT NOT NULL,
  version               BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX orders_customer ON orders(customer_id, ordered_at);

CREATE TABLE order_lines (
  order_id         BIGINT NOT NULL REFERENCES orders(id),
  line_no          BIGINT NOT NULL,
  product_id       BIGINT NOT NULL REFERENCES products(id),
  quantity         BIGINT NOT NULL,
  unit_price_cents BIGINT NOT NULL,
  margin_cents     BIGINT NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_product ON order_lines(product_id);

CREATE TABLE order_adjustments (
  id           @ID@,
  order_id     BIGINT NOT NULL REFERENCES orders(id),
  kind         TEXT NOT NULL CHECK (kind IN ('refund', 'cancellation')),
  at           BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  margin_cents BIGINT NOT NULL,
  reason       TEXT NOT NULL,
  by_user      BIGINT
);
CREATE INDEX order_adjustments_order ON order_adjustments(order_id, id);

-- Cross-sell association counts, kept up to date as orders arrive: who bought what first,
-- how many customers bought each product, and how many bought each ordered pair.
CREATE TABLE customer_products (
  customer_id      BIGINT NOT NULL,
  product_id       BIGINT NOT NULL,
  first_ordered_at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, product_id)
);
CREATE TABLE product_buyers (
  product_id BIGINT PRIMARY KEY,
  buyers     BIGINT NOT NULL
);
CREATE TABLE product_pairs (
  product_id BIGINT NOT NULL,
  other_id   BIGINT NOT NULL,
  buyers     BIGINT NOT NULL,
  PRIMARY KEY (product_id, other_id)
);
CREATE TABLE commerce_counters (
  name  TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);

CREATE TABLE loyalty_ledger (
  id          @ID@,
  customer_id BIGINT NOT NULL REFERENCES customers(id),
  at          BIGINT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('earned', 'redeemed', 'expired', 'adjusted')),
  points      BIGINT NOT NULL,
  order_id    BIGINT,
  reason      TEXT,
  by_user     BIGINT
);
CREATE INDEX loyalty_ledger_customer ON loyalty_ledger(customer_id, id);
CREATE INDEX loyalty_ledger_order ON loyalty_ledger(order_id) WHERE order_id IS NOT NULL;

CREATE TABLE outbox (
  id          @ID@,
  kind        TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id   BIGINT NOT NULL,
  customer_id BIGINT,
  at          BIGINT NOT NULL,
  payload     TEXT NOT NULL
);
CREATE INDEX outbox_kind ON outbox(kind, id);
)SQL";

}  // namespace rapport::store
