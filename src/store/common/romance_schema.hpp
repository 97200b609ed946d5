// Schema of the romance engine (migration 7): interactions, tasks, cadence rules, the touch
// state per customer and the scheduler's queue, written once for both backends (tokens of
// commerce_schema.hpp; @NOW_MS@ is the migration's time in milliseconds). The default rules are
// inserted here so a new install and the demo have them.
#pragma once

#include <string_view>

namespace rapport::store {

inline constexpr std::string_view kRomanceSchema = R"SQL(
CREATE TABLE interactions (
  id            @ID@,
  customer_id   BIGINT NOT NULL REFERENCES customers(id),
  kind          TEXT NOT NULL CHECK (kind IN ('email', 'call', 'meeting', 'social', 'note', 'thank_you',
                                              'event_invitation', 'survey', 'newsletter')),
  direction     TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  at            BIGINT NOT NULL,
  user_id       BIGINT,
  summary       TEXT NOT NULL,
  body          TEXT,
  channel       TEXT,
  personal      BIGINT NOT NULL,
  touch         BIGINT NOT NULL,  -- resets the touch clock (personal, not awaiting our reply)
  needs_reply   BIGINT NOT NULL DEFAULT 0,
  reply_due_at  BIGINT,
  reply_to_id   BIGINT REFERENCES interactions(id),
  replied_by_id BIGINT,
  replied_at    BIGINT,
  created_at    BIGINT NOT NULL
);
CREATE INDEX interactions_customer ON interactions(customer_id, at, id);
CREATE INDEX interactions_touch ON interactions(customer_id, at) WHERE touch = 1;
CREATE INDEX interactions_awaiting ON interactions(customer_id, reply_due_at) WHERE needs_reply = 1 AND replied_by_id IS NULL;

CREATE TABLE tasks (
  id             @ID@,
  customer_id    BIGINT NOT NULL REFERENCES customers(id),
  owner_id       BIGINT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('follow_up', 'post_purchase_conversation', 'thank_you', 'check_in', 'custom')),
  title          TEXT NOT NULL,
  notes          TEXT,
  due_at         BIGINT NOT NULL,
  done_at        BIGINT,
  outcome        TEXT CHECK (outcome IN ('done', 'skipped')),
  done_by        BIGINT,
  interaction_id BIGINT,
  rule_id        BIGINT,
  source_key     TEXT UNIQUE,  -- generated tasks: rule x customer x occurrence, created once
  created_by     BIGINT,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tasks_owner_open ON tasks(owner_id, due_at) WHERE done_at IS NULL;
CREATE INDEX tasks_customer ON tasks(customer_id, due_at);
CREATE INDEX tasks_open_due ON tasks(due_at, id) WHERE done_at IS NULL;

CREATE TABLE cadence_rules (
  id                     @ID@,
  name                   TEXT NOT NULL,
  type                   TEXT NOT NULL CHECK (type IN ('touch_every', 'after_order', 'after_case_resolved', 'after_stage')),
  days                   BIGINT NOT NULL CHECK (days > 0),
  task_kind              TEXT,
  stage                  TEXT,
  target_stages          TEXT NOT NULL DEFAULT '',  -- comma-separated stage names; empty: every stage
  target_source          TEXT,
  target_tag             TEXT,
  target_owner_id        BIGINT,
  target_min_value_cents BIGINT,
  active                 BIGINT NOT NULL DEFAULT 1,
  applies_from           BIGINT NOT NULL,
  created_at             BIGINT NOT NULL,
  updated_at             BIGINT NOT NULL,
  version                BIGINT NOT NULL DEFAULT 1
);

-- The touch clock per customer, kept by every write that changes what the rules see and by the
-- scheduler's passes: Today reads the forgotten customers from (owner_id, due_at).
CREATE TABLE cadence_state (
  customer_id   @KEY@,
  owner_id      BIGINT NOT NULL,
  touch_rule_id BIGINT,
  touch_days    BIGINT,
  last_touch_at BIGINT,
  due_at        BIGINT,
  value_cents   BIGINT NOT NULL DEFAULT 0
);
-- Covers the forgotten list's ranking (value) and counts: the top of a rep's list is read from the
-- index alone, and only its page joins the rows (8 ms -> 0.3 ms for 763 forgotten of 5,000).
CREATE INDEX cadence_state_owner_due ON cadence_state(owner_id, due_at, value_cents, customer_id) WHERE due_at IS NOT NULL;

-- Customers whose state changed since the scheduler last looked (incremental passes). seq grows
-- with every change: a pass removes an entry only if it is still the one it read, so a change
-- committed while the pass ran stays queued (wall-clock times can arrive out of order).
CREATE TABLE cadence_queue (
  customer_id @KEY@,
  queued_at   BIGINT NOT NULL,
  seq         BIGINT NOT NULL DEFAULT 1
);

INSERT INTO cadence_rules (name, type, days, task_kind, stage, target_stages, applies_from, created_at, updated_at) VALUES
  ('Romance: a personal touch at least every 45 days', 'touch_every', 45, NULL, NULL, 'romance', @NOW_MS@, @NOW_MS@, @NOW_MS@),
  ('First order: a personal touch at least every 30 days', 'touch_every', 30, NULL, NULL, 'order', @NOW_MS@, @NOW_MS@, @NOW_MS@),
  ('A conversation within 7 days after each order', 'after_order', 7, 'post_purchase_conversation', NULL, '', @NOW_MS@, @NOW_MS@, @NOW_MS@),
  ('A thank-you within 2 days after each order', 'after_order', 2, 'thank_you', NULL, '', @NOW_MS@, @NOW_MS@, @NOW_MS@),
  ('A check-in 14 days after a complaint is resolved', 'after_case_resolved', 14, 'check_in', NULL, '', @NOW_MS@, @NOW_MS@, @NOW_MS@),
  ('A new lead: follow up within 3 days', 'after_stage', 3, 'follow_up', 'lead', '', @NOW_MS@, @NOW_MS@, @NOW_MS@);
)SQL";

}  // namespace rapport::store
