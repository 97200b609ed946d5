// FeedbackRepo: the storage port of feedback (NPS, CSAT, comments) and its grouped figures.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/care/feedback.hpp"
#include "domain/customer/customer_query.hpp"

namespace rapport::domain {

struct FeedbackQuery {
  CustomerScope scope;
  std::optional<Id> customer_id, owner_id;
  std::optional<FeedbackKind> kind;
  std::optional<Timestamp> from, to;  // at in [from, to)
  int limit = 50;
  Id before_id = 0;  // newest first
};

// NPS and CSAT figures: the answers of each group, counted per score.
enum class FeedbackGrouping { kNone, kDay, kOwner, kProduct, kSource, kStage };
struct FeedbackGroupRow {
  std::string key;  // the day number, owner id, product id, source or stage ("" when none)
  std::array<int, 11> by_score{};
};

class FeedbackRepo {
 public:
  virtual ~FeedbackRepo() = default;
  virtual core::Status Insert(Feedback& f) = 0;  // sets id
  virtual core::Result<std::optional<Feedback>> Find(Id id) = 0;
  virtual core::Result<std::vector<Feedback>> FindMany(std::span<const Id> ids) = 0;
  virtual core::Status SetOpenedCase(Id feedback_id, Id case_id) = 0;
  virtual core::Result<std::vector<Feedback>> List(const FeedbackQuery& query) = 0;  // at most limit + 1
  virtual core::Result<std::vector<Feedback>> OfCustomer(Id customer_id) = 0;
  // Answers of `kind` (nps or csat) in the query's period and scope, grouped.
  virtual core::Result<std::vector<FeedbackGroupRow>> Groups(const FeedbackQuery& query, FeedbackGrouping by) = 0;
  // The customer's latest NPS answer, if any.
  virtual core::Result<std::optional<Feedback>> LatestNps(Id customer_id) = 0;
  virtual core::Status RedactCustomer(Id customer_id, std::string_view replacement) = 0;
};

}  // namespace rapport::domain
