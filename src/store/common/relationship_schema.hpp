// Schema of the relationship records (migration 5), written once for both backends with the
// tokens of commerce_schema.hpp (@ID@). Times are BIGINT milliseconds (UTC), money BIGINT minor
// units, dates TEXT "YYYY-MM-DD" (they compare as text), flags BIGINT 0/1.
#pragma once

#include <string_view>

namespace rapport::store {

inline constexpr std::string_view kRelationshipSchema = R"SQL(
CREATE TABLE subscriptions (
  id            @ID@,
  customer_id   BIGINT NOT NULL REFERENCES customers(id),
  product_id    BIGINT NOT NULL REFERENCES products(id),
  started_on    TEXT NOT NULL,
  term_months   BIGINT NOT NULL CHECK (term_months > 0),
  renewals      BIGINT NOT NULL DEFAULT 0,
  renews_on     TEXT NOT NULL,
  auto_renew    BIGINT NOT NULL DEFAULT 0,
  price_cents   BIGINT NOT NULL CHECK (price_cents >= 0),
  currency      TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
  cancelled_at  BIGINT,
  cancel_reason TEXT,
  created_by    BIGINT NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  version       BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX subscriptions_customer ON subscriptions(customer_id, id);
CREATE INDEX subscriptions_renewal ON subscriptions(status, renews_on, id);

CREATE TABLE subscription_events (
  id              @ID@,
  subscription_id BIGINT NOT NULL REFERENCES subscriptions(id),
  kind            TEXT NOT NULL CHECK (kind IN ('started', 'renewed', 'cancelled')),
  at              BIGINT NOT NULL,
  from_date       TEXT,    -- renewed: renews_on before
  to_date         TEXT,    -- renewed: renews_on after
  order_id        BIGINT,  -- renewed: the order of the renewal's revenue
  reason          TEXT,    -- cancelled: why
  by_user         BIGINT
);
CREATE INDEX subscription_events_subscription ON subscription_events(subscription_id, id);

CREATE TABLE win_back_offers (
  id                 @ID@,
  customer_id        BIGINT NOT NULL REFERENCES customers(id),
  at                 BIGINT NOT NULL,
  by_user            BIGINT,
  description        TEXT NOT NULL,
  cost_cents         BIGINT NOT NULL CHECK (cost_cents >= 0),
  cap_at_offer_cents BIGINT NOT NULL
);
CREATE INDEX win_back_offers_customer ON win_back_offers(customer_id, id);

CREATE TABLE referrals (
  id          @ID@,
  referrer_id BIGINT NOT NULL REFERENCES customers(id),
  referred_id BIGINT NOT NULL UNIQUE REFERENCES customers(id),  -- a customer is referred once
  referred_at BIGINT NOT NULL,
  channel     TEXT,
  note        TEXT,
  created_by  BIGINT,
  created_at  BIGINT NOT NULL,
  CHECK (referrer_id <> referred_id)
);
CREATE INDEX referrals_referrer ON referrals(referrer_id, id);

CREATE TABLE appreciation_events (
  id         @ID@,
  name       TEXT NOT NULL,
  starts_at  BIGINT NOT NULL,
  place      TEXT,
  online     BIGINT NOT NULL DEFAULT 0,
  capacity   BIGINT CHECK (capacity > 0),  -- accepted invitations at most; NULL: no limit
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version    BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE event_invitations (
  event_id     BIGINT NOT NULL REFERENCES appreciation_events(id),
  customer_id  BIGINT NOT NULL REFERENCES customers(id),
  invited_at   BIGINT NOT NULL,
  invited_by   BIGINT,
  response     TEXT NOT NULL DEFAULT 'pending' CHECK (response IN ('pending', 'accepted', 'declined')),
  responded_at BIGINT,
  attended     BIGINT,  -- NULL: not recorded yet
  updated_at   BIGINT NOT NULL,
  PRIMARY KEY (event_id, customer_id)
);
CREATE INDEX event_invitations_customer ON event_invitations(customer_id, invited_at);
)SQL";

}  // namespace rapport::store
