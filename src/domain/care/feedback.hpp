// Feedback: NPS (0-10) and CSAT (1-5) answers and free feedback, each tied to a customer and
// optionally an order, a case or a product; on the timeline. A detractor's answer can open a case
// by itself (care settings).
//
// NPS arithmetic: promoters answer 9-10, passives 7-8, detractors 0-6; the score is the share of
// promoters minus the share of detractors, in points (-100..100). CSAT is the mean of 1-5 answers
// and the share of 4-5 ("satisfied").
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

enum class FeedbackKind { kNps, kCsat, kFree };
std::string_view FeedbackKindName(FeedbackKind k);
std::optional<FeedbackKind> ParseFeedbackKind(std::string_view name);

enum class NpsGroup { kPromoter, kPassive, kDetractor };
NpsGroup NpsGroupOf(int score);
std::string_view NpsGroupName(NpsGroup g);

struct Feedback {
  Id id = 0;
  Id customer_id = 0;
  FeedbackKind kind = FeedbackKind::kNps;
  std::optional<int> score;  // nps 0-10, csat 1-5; free feedback may have none
  std::optional<std::string> comment;
  std::optional<Id> order_id, case_id, product_id;
  Id owner_id = 0;  // the customer's owner when it came in: NPS by owner stays as it was
  Timestamp at;
  std::optional<Id> user_id;         // who recorded it
  std::optional<Id> opened_case_id;  // the case it opened (a detractor)
  Timestamp created_at;
};

struct FeedbackInput {
  std::optional<Id> customer_id, order_id, case_id, product_id;
  std::optional<std::string> kind, comment;
  std::optional<std::int64_t> score;
  std::optional<Timestamp> at;
  std::optional<bool> open_case;  // override the setting for this answer
  std::map<std::string, std::string> decode_errors;
};

// Validates the parts of `in` that need no lookup and builds the record (at defaults to now).
core::Result<Feedback> BuildFeedback(const FeedbackInput& in, Id actor_user, Timestamp now);

// Counts of NPS answers and the score they make.
struct NpsTally {
  int promoters = 0, passives = 0, detractors = 0;
  void Add(int score);
  int Responses() const { return promoters + passives + detractors; }
  std::optional<double> Score() const;  // none without answers
};

// Whether feedback opens a case by itself.
struct CareSettings {
  bool detractor_opens_case = true;
  int detractor_max_score = 6;  // NPS answers at or below
  int csat_max_score = 2;       // CSAT answers at or below (0: never)
  bool operator==(const CareSettings&) const = default;
};
bool OpensCase(const CareSettings& s, const Feedback& f);

}  // namespace rapport::domain
