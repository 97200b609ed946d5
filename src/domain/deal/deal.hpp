// Deals (offers): what we proposed to a customer, how far it got, and why it was lost.
// Plain values and the deal stage rules; no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/customer/customer_query.hpp"
#include "domain/order/order.hpp"
#include "domain/patch.hpp"

namespace rapport::domain {

enum class DealStage { kProposal, kNegotiation, kWon, kLost };
std::string_view DealStageName(DealStage s);
std::optional<DealStage> ParseDealStage(std::string_view name);
bool IsOpen(DealStage s);
// The chance an open deal in this stage closes as won, in percent (weighted pipeline).
int WinProbabilityPercent(DealStage s);

struct DealLine {
  Id product_id = 0;
  std::int64_t quantity = 1;
  std::int64_t unit_price_cents = 0;
};

struct Deal {
  Id id = 0;
  Id customer_id = 0;
  Id owner_id = 0;  // who works the deal
  std::string title;
  std::int64_t amount_cents = 0;  // the sum of the lines when there are lines
  std::optional<std::int64_t> margin_cents;  // expected gross profit, when known without lines
  std::string currency;
  std::optional<core::Date> expected_close_date;
  DealStage stage = DealStage::kProposal;
  std::vector<DealLine> lines;
  std::optional<std::string> lost_reason, competitor;
  std::optional<Id> order_id;  // the order winning it created
  Timestamp created_at, updated_at, stage_changed_at;
  std::optional<Timestamp> closed_at;
  std::int64_t version = 1;
};

struct DealLineInput {
  std::optional<Id> product_id;
  std::optional<std::int64_t> quantity, unit_price_cents;
};

struct DealInput {
  Patch<Id> customer_id, owner_id;
  Patch<std::string> title;
  Patch<std::int64_t> amount_cents, margin_cents;
  Patch<core::Date> expected_close_date;
  Patch<std::vector<DealLineInput>> lines;
  Patch<std::string> competitor;
  std::optional<std::string> currency;
  std::map<std::string, std::string> decode_errors;
};

struct DealStageRequest {
  DealStage target = DealStage::kProposal;
  std::optional<std::string> lost_reason, competitor;
};

// Checks a deal stage move: proposal <-> negotiation, open -> won, open -> lost (lost_reason
// required), lost -> proposal/negotiation (re-open). A won deal is final (its order exists).
core::Status CheckDealStageMove(const Deal& deal, const DealStageRequest& request);

struct DealQuery {
  CustomerScope scope;
  std::optional<DealStage> stage;
  std::optional<Id> customer_id, owner_id;
  bool open_only = false;
  int limit = 50;
  Id before_id = 0;  // newest first
};

// The pipeline, aggregated by the store (a book of business has hundreds of thousands of deals).
// A stage's age basis: for open stages stage_changed_at (age = now - basis), for won and lost
// the time from creation to closing (closed_at, or the last stage change without one).
struct StageFigures {
  DealStage stage = DealStage::kProposal;
  int count = 0;
  std::int64_t amount_cents = 0;
  std::int64_t weighted_cents = 0;   // per deal amount x WinProbabilityPercent / 100, rounded down
  std::vector<std::int64_t> middle;  // the middle one (odd count) or two (even) age bases, ascending
};

struct MonthFigures {
  std::string month;  // "YYYY-MM" of the expected close date; "" for open deals without one
  int count = 0;
  std::int64_t amount_cents = 0, weighted_cents = 0;
};

struct PipelineFigures {
  std::vector<StageFigures> stages;   // stages with deals, any order
  std::vector<MonthFigures> forecast; // open deals by month, any order
};

}  // namespace rapport::domain
