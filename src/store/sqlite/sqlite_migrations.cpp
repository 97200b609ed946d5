#include "store/sqlite/sqlite_migrations.hpp"

#include <string>
#include <vector>

#include "store/common/commerce_schema.hpp"

namespace rapport::store::sqlite {
namespace {

// Times are INTEGER milliseconds since the Unix epoch (UTC); money is INTEGER minor units.
constexpr Migration kOwnMigrations[] = {
    {1, "core: settings, users, api tokens, customers, stage history, search", R"SQL(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL,
  email_key     TEXT NOT NULL UNIQUE,  -- case-folded email: uniqueness ignores case
  name          TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'rep')),
  team          TEXT,
  active        INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT NOT NULL DEFAULT '',
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  last_used_at INTEGER,
  expires_at   INTEGER,
  revoked_at   INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE customers (
  id                     INTEGER PRIMARY KEY,
  kind                   TEXT NOT NULL CHECK (kind IN ('person', 'company')),
  name                   TEXT NOT NULL,
  sort_name              TEXT NOT NULL,  -- case-folded name, the sort key
  search_text            TEXT NOT NULL,  -- case-folded name, email, phone: what q matches
  company_id             INTEGER REFERENCES customers(id),
  email                  TEXT,
  phone                  TEXT,
  time_zone              TEXT,
  source                 TEXT,
  street                 TEXT,
  city                   TEXT,
  region                 TEXT,
  postal_code            TEXT,
  country                TEXT,
  owner_id               INTEGER NOT NULL REFERENCES users(id),
  acquisition_cost_cents INTEGER NOT NULL DEFAULT 0 CHECK (acquisition_cost_cents >= 0),
  tags                   TEXT NOT NULL DEFAULT '[]',
  custom                 TEXT NOT NULL DEFAULT '{}',
  expectations           TEXT,
  preferences            TEXT,
  idiosyncrasies         TEXT,
  stage                  TEXT NOT NULL,
  stage_changed_at       INTEGER NOT NULL,
  created_at             INTEGER NOT NULL,
  updated_at             INTEGER NOT NULL,
  archived_at            INTEGER,
  version                INTEGER NOT NULL DEFAULT 1
);
-- Every index ends (implicitly) in the rowid, so ORDER BY <col>, id walks it without sorting.
CREATE INDEX customers_sort_name ON customers(sort_name);
CREATE INDEX customers_created ON customers(created_at);
CREATE INDEX customers_updated ON customers(updated_at);
CREATE INDEX customers_stage_changed ON customers(stage_changed_at);
CREATE INDEX customers_stage_name ON customers(stage, sort_name);
CREATE INDEX customers_stage_created ON customers(stage, created_at);
CREATE INDEX customers_owner_name ON customers(owner_id, sort_name);
CREATE INDEX customers_source ON customers(source);
CREATE INDEX customers_company ON customers(company_id) WHERE company_id IS NOT NULL;

CREATE TABLE customer_tags (
  tag         TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  PRIMARY KEY (tag, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_tags_customer ON customer_tags(customer_id);

CREATE TABLE stage_transitions (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  from_stage  TEXT NOT NULL,
  to_stage    TEXT NOT NULL,
  at          INTEGER NOT NULL,
  by_user     INTEGER NOT NULL REFERENCES users(id),
  reason      TEXT,
  competitor  TEXT
);
CREATE INDEX stage_transitions_customer ON stage_transitions(customer_id, id);

-- Substring search (q): a trigram index over the folded search text. Inserts are indexed by the
-- repository (so bulk loads can defer them to one 'rebuild'); updates and deletes by triggers.
CREATE VIRTUAL TABLE customer_search USING fts5(
  search_text, content='customers', content_rowid='id', tokenize='trigram');
CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
  INSERT INTO customer_search(customer_search, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER customers_search_update AFTER UPDATE OF search_text ON customers
  WHEN old.search_text IS NOT new.search_text BEGIN
  INSERT INTO customer_search(customer_search, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
  INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text);
END;
)SQL"},
    {2, "accounts: sessions, login throttling, password resets, audit log", R"SQL(
CREATE INDEX users_team ON users(team) WHERE team IS NOT NULL;

CREATE TABLE sessions (
  id             INTEGER PRIMARY KEY,
  user_id        INTEGER NOT NULL REFERENCES users(id),
  token_hash     TEXT NOT NULL UNIQUE,   -- BLAKE2b of the cookie's secret
  csrf_token     TEXT NOT NULL,
  client_address TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  last_seen_at   INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  ended_at       INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE login_throttle (
  key           TEXT PRIMARY KEY,  -- 'account:<folded email>' or 'address:<ip>'
  failures      INTEGER NOT NULL,
  window_start  INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL
);

CREATE TABLE password_resets (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_by INTEGER REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX password_resets_user ON password_resets(user_id);

-- Append-only: nothing in Rapport updates or deletes entries, except erasure, which replaces the
-- personal before/after values of an erased customer's entries.
CREATE TABLE audit_log (
  id             INTEGER PRIMARY KEY,
  at             INTEGER NOT NULL,
  actor_id       INTEGER REFERENCES users(id),
  client_address TEXT NOT NULL,
  action         TEXT NOT NULL,
  entity_type    TEXT NOT NULL,
  entity_id      INTEGER,
  customer_id    INTEGER,
  detail         TEXT
);
CREATE INDEX audit_log_customer ON audit_log(customer_id, id) WHERE customer_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log(actor_id, id);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TABLE audit_changes (
  audit_id INTEGER NOT NULL REFERENCES audit_log(id),
  field    TEXT NOT NULL,
  before   TEXT,  -- JSON value text; NULL: no value
  after    TEXT,
  PRIMARY KEY (audit_id, field)
) WITHOUT ROWID;
)SQL"},
    {3, "background jobs: leases shared by every server", R"SQL(
CREATE TABLE jobs (
  name        TEXT PRIMARY KEY,
  holder      TEXT,                       -- the server running it now; NULL: nobody
  lease_until INTEGER NOT NULL DEFAULT 0, -- the holder's claim lapses then
  next_run_at INTEGER NOT NULL DEFAULT 0,
  last_run_at INTEGER,
  last_holder TEXT,
  runs        INTEGER NOT NULL DEFAULT 0
);
)SQL"},
};

}  // namespace

std::span<const Migration> Migrations() {
  static const std::vector<std::string> texts = CommonMigrationTexts(Dialect::kSqlite);
  static const std::vector<Migration> all = WithCommonMigrations(std::span<const Migration>(kOwnMigrations), texts);
  return all;
}

}  // namespace rapport::store::sqlite
