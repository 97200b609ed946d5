#include "domain/care/feedback.hpp"

#include "domain/text_fields.hpp"

namespace rapport::domain {
namespace {

constexpr std::size_t kMaxComment = 10'000;
constexpr std::int64_t kMaxFutureMs = 24LL * 3600 * 1000;

}  // namespace

std::string_view FeedbackKindName(FeedbackKind k) {
  switch (k) {
    case FeedbackKind::kNps: return "nps";
    case FeedbackKind::kCsat: return "csat";
    case FeedbackKind::kFree: return "free";
  }
  return "free";
}

std::optional<FeedbackKind> ParseFeedbackKind(std::string_view name) {
  if (name == "nps") return FeedbackKind::kNps;
  if (name == "csat") return FeedbackKind::kCsat;
  if (name == "free") return FeedbackKind::kFree;
  return std::nullopt;
}

NpsGroup NpsGroupOf(int score) {
  if (score >= 9) return NpsGroup::kPromoter;
  if (score >= 7) return NpsGroup::kPassive;
  return NpsGroup::kDetractor;
}

std::string_view NpsGroupName(NpsGroup g) {
  switch (g) {
    case NpsGroup::kPromoter: return "promoter";
    case NpsGroup::kPassive: return "passive";
    case NpsGroup::kDetractor: return "detractor";
  }
  return "passive";
}

core::Result<Feedback> BuildFeedback(const FeedbackInput& in, Id actor_user, Timestamp now) {
  std::map<std::string, std::string> errors = in.decode_errors;
  Feedback f;
  f.created_at = now;
  f.user_id = actor_user ? std::optional<Id>(actor_user) : std::nullopt;
  if (!in.customer_id && !errors.contains("customer_id")) errors.emplace("customer_id", "required");
  if (!in.kind) {
    if (!errors.contains("kind")) errors.emplace("kind", "required: nps, csat or free");
  } else if (auto k = ParseFeedbackKind(*in.kind)) {
    f.kind = *k;
  } else {
    errors.emplace("kind", "must be nps, csat or free");
  }
  if (in.score) {
    const auto s = *in.score;
    if (f.kind == FeedbackKind::kNps && (s < 0 || s > 10)) errors.emplace("score", "an NPS answer is 0 to 10");
    else if (f.kind == FeedbackKind::kCsat && (s < 1 || s > 5)) errors.emplace("score", "a CSAT answer is 1 to 5");
    else if (f.kind == FeedbackKind::kFree) errors.emplace("score", "free feedback has no score: send kind nps or csat");
    else f.score = static_cast<int>(s);
  } else if (in.kind && f.kind != FeedbackKind::kFree && !errors.contains("kind") && !errors.contains("score")) {
    errors.emplace("score", f.kind == FeedbackKind::kNps ? "required: 0 to 10" : "required: 1 to 5");
  }
  f.comment = CleanOptionalText(in.comment, "comment", kMaxComment, errors);
  if (f.kind == FeedbackKind::kFree && !f.comment && !errors.contains("comment") && !errors.contains("kind"))
    errors.emplace("comment", "required for free feedback");
  f.at = in.at.value_or(now);
  if (in.at && in.at->ms > now.ms + kMaxFutureMs) errors.emplace("at", "must not be in the future");
  if (in.customer_id) f.customer_id = *in.customer_id;
  f.order_id = in.order_id;
  f.case_id = in.case_id;
  f.product_id = in.product_id;
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return f;
}

void NpsTally::Add(int score) {
  switch (NpsGroupOf(score)) {
    case NpsGroup::kPromoter: ++promoters; break;
    case NpsGroup::kPassive: ++passives; break;
    case NpsGroup::kDetractor: ++detractors; break;
  }
}

std::optional<double> NpsTally::Score() const {
  const int n = Responses();
  if (n == 0) return std::nullopt;
  return 100.0 * static_cast<double>(promoters - detractors) / static_cast<double>(n);
}

bool OpensCase(const CareSettings& s, const Feedback& f) {
  if (!s.detractor_opens_case || !f.score || f.case_id) return false;
  if (f.kind == FeedbackKind::kNps) return *f.score <= s.detractor_max_score;
  if (f.kind == FeedbackKind::kCsat) return *f.score <= s.csat_max_score;
  return false;
}

}  // namespace rapport::domain
