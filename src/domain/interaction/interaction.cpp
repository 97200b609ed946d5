#include "domain/interaction/interaction.hpp"

#include <array>

#include "domain/text_fields.hpp"

namespace rapport::domain {
namespace {

constexpr std::array<std::pair<InteractionKind, std::string_view>, 9> kKinds{{
    {InteractionKind::kEmail, "email"},
    {InteractionKind::kCall, "call"},
    {InteractionKind::kMeeting, "meeting"},
    {InteractionKind::kSocial, "social"},
    {InteractionKind::kNote, "note"},
    {InteractionKind::kThankYou, "thank_you"},
    {InteractionKind::kEventInvitation, "event_invitation"},
    {InteractionKind::kSurvey, "survey"},
    {InteractionKind::kNewsletter, "newsletter"},
}};

constexpr std::size_t kMaxSummary = 500;
constexpr std::size_t kMaxBody = 20'000;
constexpr std::size_t kMaxChannel = 200;
constexpr std::int64_t kMaxFutureMs = 24LL * 3600 * 1000;

}  // namespace

std::string_view InteractionKindName(InteractionKind k) {
  for (const auto& [kind, name] : kKinds)
    if (kind == k) return name;
  return "note";
}

std::optional<InteractionKind> ParseInteractionKind(std::string_view name) {
  for (const auto& [kind, n] : kKinds)
    if (n == name) return kind;
  return std::nullopt;
}

std::string InteractionKindList() {
  std::string out;
  for (const auto& [kind, name] : kKinds) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::string_view DirectionName(Direction d) { return d == Direction::kInbound ? "inbound" : "outbound"; }

std::optional<Direction> ParseDirection(std::string_view name) {
  if (name == "inbound") return Direction::kInbound;
  if (name == "outbound") return Direction::kOutbound;
  return std::nullopt;
}

core::Result<Interaction> BuildInteraction(const InteractionInput& in, Id customer_id, Id actor_user, Timestamp now) {
  std::map<std::string, std::string> errors = in.decode_errors;
  Interaction i;
  i.customer_id = customer_id;
  i.created_at = now;
  if (!in.kind) {
    if (!errors.contains("kind")) errors.emplace("kind", "required: one of " + InteractionKindList());
  } else if (auto k = ParseInteractionKind(*in.kind)) {
    i.kind = *k;
  } else {
    errors.emplace("kind", "must be one of " + InteractionKindList());
  }
  if (in.direction) {
    if (auto d = ParseDirection(*in.direction)) i.direction = *d;
    else errors.emplace("direction", "must be inbound or outbound");
  }
  i.at = in.at.value_or(now);
  if (in.at && in.at->ms > now.ms + kMaxFutureMs) errors.emplace("at", "must not be in the future");
  i.user_id = in.user_id.value_or(actor_user);
  if (auto s = CleanOptionalText(in.summary, "summary", kMaxSummary, errors)) i.summary = std::move(*s);
  else if (!errors.contains("summary") && !errors.contains("kind")) i.summary = std::string(InteractionKindName(i.kind));
  i.body = CleanOptionalText(in.body, "body", kMaxBody, errors);
  i.channel = CleanOptionalText(in.channel, "channel", kMaxChannel, errors);

  const bool mass = i.kind == InteractionKind::kNewsletter;
  i.personal = in.personal.value_or(!mass && i.kind != InteractionKind::kNote);
  if (mass && i.personal) errors.emplace("personal", "a newsletter is mass mail and never a personal touch");

  i.needs_reply = in.needs_reply.value_or(false);
  if (i.needs_reply && i.direction != Direction::kInbound)
    errors.emplace("needs_reply", "only an inbound message can need a reply");
  if (in.reply_due_at && !i.needs_reply) errors.emplace("reply_due_at", "only with needs_reply: true");
  if (i.needs_reply) {
    i.reply_due_at = in.reply_due_at.value_or(Timestamp{i.at.ms + kDefaultReplyWindowMs});
    if (i.reply_due_at->ms < i.at.ms) errors.emplace("reply_due_at", "must not be before the message's time (at)");
  }
  if (in.reply_to_id) {
    if (i.direction != Direction::kOutbound) errors.emplace("reply_to_id", "only an outbound interaction answers a message");
    i.reply_to_id = in.reply_to_id;
  }
  i.case_id = in.case_id;
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return i;
}

}  // namespace rapport::domain
