// Schema of care (migration 8): complaint cases with their history and the per-severity deadline
// policy, feedback (NPS, CSAT, free), promises; and the case an interaction answers. Written once
// for both backends (tokens of commerce_schema.hpp).
#pragma once

#include <string_view>

namespace rapport::store {

inline constexpr std::string_view kCareSchema = R"SQL(
CREATE TABLE case_policies (
  severity        TEXT PRIMARY KEY CHECK (severity IN ('low', 'normal', 'high', 'urgent')),
  respond_minutes BIGINT NOT NULL CHECK (respond_minutes > 0),
  resolve_minutes BIGINT NOT NULL CHECK (resolve_minutes > 0)
);
INSERT INTO case_policies (severity, respond_minutes, resolve_minutes) VALUES
  ('urgent', 60, 1440), ('high', 240, 4320), ('normal', 1440, 10080), ('low', 4320, 20160);

CREATE TABLE cases (
  id                @ID@,
  customer_id       BIGINT NOT NULL REFERENCES customers(id),
  title             TEXT NOT NULL,
  description       TEXT,
  severity          TEXT NOT NULL CHECK (severity IN ('low', 'normal', 'high', 'urgent')),
  channel           TEXT NOT NULL,
  owner_id          BIGINT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  respond_by        BIGINT NOT NULL,
  resolve_by        BIGINT NOT NULL,
  first_response_at BIGINT,
  remedy_promised   TEXT,
  promise_id        BIGINT,
  resolution        TEXT,
  opened_at         BIGINT NOT NULL,
  in_progress_at    BIGINT,
  resolved_at       BIGINT,
  closed_at         BIGINT,
  reopen_count      BIGINT NOT NULL DEFAULT 0,
  transfer_count    BIGINT NOT NULL DEFAULT 0,
  feedback_id       BIGINT,
  order_id          BIGINT REFERENCES orders(id),
  created_by        BIGINT,
  updated_at        BIGINT NOT NULL,
  version           BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX cases_customer ON cases(customer_id, opened_at);
CREATE INDEX cases_owner ON cases(owner_id, id);
-- The dashboard reads live cases and those opened in its period from these two indexes alone
-- (covering: at 200k cases, fetching each row from the table cost 0.4 s; the index ranges 30 ms).
CREATE INDEX cases_figures ON cases(opened_at, owner_id, channel, severity, status, respond_by, resolve_by,
                                    first_response_at, resolved_at, transfer_count, customer_id);
CREATE INDEX cases_active ON cases(opened_at, owner_id, channel, severity, status, respond_by, resolve_by,
                                   first_response_at, resolved_at, transfer_count, customer_id)
  WHERE status IN ('open', 'in_progress');

CREATE TABLE case_events (
  id          @ID@,
  case_id     BIGINT NOT NULL REFERENCES cases(id),
  at          BIGINT NOT NULL,
  user_id     BIGINT,
  kind        TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'assigned', 'reopened', 'responded')),
  from_status TEXT,
  to_status   TEXT,
  from_owner  BIGINT,
  to_owner    BIGINT,
  note        TEXT
);
CREATE INDEX case_events_case ON case_events(case_id, id);

CREATE TABLE feedback (
  id             @ID@,
  customer_id    BIGINT NOT NULL REFERENCES customers(id),
  kind           TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'free')),
  score          BIGINT,
  comment        TEXT,
  order_id       BIGINT REFERENCES orders(id),
  case_id        BIGINT REFERENCES cases(id),
  product_id     BIGINT REFERENCES products(id),
  owner_id       BIGINT NOT NULL,  -- the customer's owner when it came in
  at             BIGINT NOT NULL,
  user_id        BIGINT,
  opened_case_id BIGINT,
  created_at     BIGINT NOT NULL,
  CHECK ((kind = 'nps' AND score BETWEEN 0 AND 10) OR (kind = 'csat' AND score BETWEEN 1 AND 5) OR (kind = 'free' AND score IS NULL))
);
CREATE INDEX feedback_customer ON feedback(customer_id, at);
-- Covers the NPS and CSAT figures (by period, owner, product, customer).
CREATE INDEX feedback_kind_at ON feedback(kind, at, score, owner_id, product_id, order_id, customer_id);

CREATE TABLE promises (
  id           @ID@,
  customer_id  BIGINT NOT NULL REFERENCES customers(id),
  case_id      BIGINT REFERENCES cases(id),
  kind         TEXT NOT NULL CHECK (kind IN ('remedy', 'delivery', 'callback', 'other')),
  description  TEXT NOT NULL,
  promised_by  BIGINT NOT NULL,
  due_at       BIGINT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),
  kept_at      BIGINT,
  broken_at    BIGINT,
  cancelled_at BIGINT,
  broken_automatically BIGINT NOT NULL DEFAULT 0,
  note         TEXT,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX promises_customer ON promises(customer_id, due_at);
CREATE INDEX promises_open_due ON promises(due_at) WHERE status = 'open';
CREATE INDEX promises_by ON promises(promised_by, status);

ALTER TABLE interactions ADD COLUMN case_id BIGINT REFERENCES cases(id);
-- The reply queue per owner and the response-time figures read answered and waiting messages.
CREATE INDEX interactions_needs_reply ON interactions(at, kind, reply_due_at, replied_at, customer_id) WHERE needs_reply = 1;
)SQL";

}  // namespace rapport::store
