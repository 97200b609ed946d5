// FeedbackService: record an answer (a detractor's opens a case by itself, as the care settings
// say), read and list them, NPS and CSAT figures over time and by owner, product and segment
// (source or stage), and the care settings. Writes are audited in the same transaction.
//
// Thread safety: stateless apart from references to the Store and the Clock; safe to call from
// many threads at once, each call runs its own transaction.
//
// Errors (besides the store's kUnavailable / kInternal):
//   kNotFound          Get of feedback whose customer the actor does not see (or unknown).
//   kInvalidArgument   Submit: the answer's fields, "customer_id" (missing or not visible),
//                      "order_id" / "case_id" (not of this customer), "product_id" (unknown);
//                      List: "cursor"; Figures: "kind" (free-text answers have no figures);
//                      SetSettings: the scores and the decode errors.
//   kPermissionDenied  SetSettings by a rep.
//   Settings answers only the store's errors. BuildFeedbackFigures and ReadCareSettings are pure
//   (ReadCareSettings falls back to the defaults for values it cannot read).
#pragma once

#include "core/clock.hpp"
#include "domain/care/case.hpp"
#include "domain/care/feedback_repo.hpp"
#include "domain/page.hpp"
#include "domain/store.hpp"
#include "domain/workspace/settings_repo.hpp"

namespace rapport::domain {

using FeedbackPage = IdPage<Feedback>;

struct SubmittedFeedback {
  Feedback feedback;
  std::optional<Case> opened_case;
};

// One group of answers: its NPS (promoters, passives, detractors) or CSAT (mean, satisfied share).
struct FeedbackFigureGroup {
  std::string key;    // "2026-11", an owner or product id, a source or stage; "" for no group
  std::string label;  // the owner's or product's name where there is one
  int responses = 0;
  NpsTally nps;
  std::optional<double> csat_average, csat_satisfied_share;
};

enum class FeedbackFigureBy { kTotal, kMonth, kOwner, kProduct, kSource, kStage };
std::optional<FeedbackFigureBy> ParseFeedbackFigureBy(std::string_view name);

struct FeedbackFigures {
  FeedbackKind kind = FeedbackKind::kNps;
  std::string by;
  std::optional<Timestamp> from, to;
  FeedbackFigureGroup total;
  std::vector<FeedbackFigureGroup> groups;
};

// Pure: the figures of grouped score counts (month keys come in as day numbers).
FeedbackFigures BuildFeedbackFigures(FeedbackKind kind, FeedbackFigureBy by, const std::vector<FeedbackGroupRow>& rows);

CareSettings ReadCareSettings(SettingsRepo& settings);  // defaults for what is not stored
struct CareSettingsInput {
  std::optional<bool> detractor_opens_case;
  std::optional<std::int64_t> detractor_max_score, csat_max_score;
  std::map<std::string, std::string> decode_errors;
};

class FeedbackService {
 public:
  FeedbackService(Store& store, const core::Clock& clock) : store_(store), clock_(clock) {}
  core::Result<SubmittedFeedback> Submit(const Actor& actor, const FeedbackInput& input);
  core::Result<Feedback> Get(const Actor& actor, Id id);
  core::Result<FeedbackPage> List(const Actor& actor, FeedbackQuery query, std::optional<std::string_view> cursor);
  // kind nps or csat; reps see the answers of the customers they see.
  core::Result<FeedbackFigures> Figures(const Actor& actor, FeedbackKind kind, FeedbackFigureBy by,
                                        std::optional<Timestamp> from, std::optional<Timestamp> to);
  core::Result<CareSettings> Settings();
  core::Result<CareSettings> SetSettings(const Actor& actor, const CareSettingsInput& input);  // managers and admins

 private:
  Store& store_;
  const core::Clock& clock_;
};

}  // namespace rapport::domain
