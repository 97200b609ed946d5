// OpenAPI building blocks of the relationship routes, shared by their registrations (next to the
// handlers) and the relationship schemas (openapi_relationship.cpp).
#pragma once

#include "http/openapi_util.hpp"

namespace rapport::http::openapi::relationship {

using namespace shapes;

constexpr const char* kAuth = "Not signed in, or the token or session is invalid, expired or revoked.";
constexpr const char* kInvalid = "Validation failed: `fields` names every bad field and why.";
constexpr const char* kManagers = "Only managers and admins may do this.";

constexpr const char* kWinBackFormula =
    "What a churned customer can still earn back (expected_margin_cents) is, when the latest scoring run "
    "predicted a value for them, their predicted value if alive: the margin the fitted models expect from them "
    "over the next 12 months, discounted, were they still buying (predicted CLV ÷ probability alive; "
    "cap_basis predicted_value_if_alive). Otherwise (no scoring run, too little data to fit, no purchase) it is "
    "their historical average yearly net margin (cap_basis historical_yearly_margin): sum of the net margins (margin minus refunded margin) of the "
    "customer's non-cancelled orders × 365 / max(365, days), where days is the whole number of days from the "
    "first such order to the churn date (the time the customer entered churned; now for a customer who is not "
    "churned). spent_cents is the sum of the costs of the win-back offers made so far, and cap_cents = "
    "max(0, expected_margin_cents − spent_cents) is the most the next offer may cost. Integer arithmetic "
    "(minor units; the division rounds toward zero).";

constexpr const char* kRenewalsText =
    "Active subscriptions of the customers you see whose renewal is coming up or has passed, by renews_on. "
    "Each row says which: `upcoming` (renews_on is today or within within_days days), `missed` (renews_on has "
    "passed, it was not renewed and auto_renew is off: a churn signal, churn_signal true), `overdue` (renews_on "
    "has passed and auto_renew is on, but the renewal has not been recorded yet: record it with POST "
    "/api/v1/subscriptions/{id}/renew). Missed and overdue are computed when the list is read: the subscription "
    "stays active until someone renews or cancels it.";

}  // namespace rapport::http::openapi::relationship
