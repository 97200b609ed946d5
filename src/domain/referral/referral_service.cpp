#include "domain/referral/referral_service.hpp"

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/product/product_service.hpp"
#include "domain/referral/referral_repo.hpp"

namespace rapport::domain {
namespace {

core::Result<std::optional<std::string>> CleanText(const std::optional<std::string>& raw, const char* field,
                                                   std::size_t max_len) {
  if (!raw) return std::optional<std::string>{};
  if (!core::IsValidUtf8(*raw)) return core::Fail(core::Error::Invalid(field, "must be valid UTF-8"));
  std::string text = core::Trim(*raw);
  if (text.empty()) return std::optional<std::string>{};
  if (core::CodepointCount(text) > max_len)
    return core::Fail(core::Error::Invalid(field, "too long: at most " + std::to_string(max_len) + " characters"));
  return std::optional<std::string>{std::move(text)};
}

}  // namespace

core::Result<Referral> ReferralService::Create(const Actor& actor, const ReferralInput& in) {
  std::map<std::string, std::string> errors = in.decode_errors;
  const Timestamp now = clock_.Now();
  Referral r;
  if (!in.referrer_id && !errors.contains("referrer_id")) errors.emplace("referrer_id", "required: who recommended us");
  if (!in.referred_id && !errors.contains("referred_id")) errors.emplace("referred_id", "required: who was recommended");
  if (in.referrer_id && in.referred_id && *in.referrer_id == *in.referred_id)
    errors.emplace("referred_id", "a customer cannot refer themselves");
  r.referred_at = in.referred_at.value_or(now);
  if (in.referred_at && in.referred_at->ms > now.ms + core::kMsPerDay)
    errors.emplace("referred_at", "must not be in the future");
  if (auto ch = CleanText(in.channel, "channel", 100); !ch) errors.emplace("channel", ch.error().fields.begin()->second);
  else r.channel = *ch;
  if (auto note = CleanText(in.note, "note", 1000); !note) errors.emplace("note", note.error().fields.begin()->second);
  else r.note = *note;
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return WriteValue<Referral>(store_, [&](Txn& txn) -> core::Result<Referral> {
    std::map<std::string, std::string> errs;
    const CustomerScope scope = CustomerScope::For(actor);
    for (const auto& [field, id] : {std::pair{"referrer_id", *in.referrer_id}, std::pair{"referred_id", *in.referred_id}}) {
      auto c = txn.Customers().Find(id, scope);
      if (!c) return core::Fail(c.error());
      if (!*c) errs.emplace(field, "no customer with id " + core::FormatId(id));
      else if (std::string_view(field) == "referrer_id") r.referrer_name = (*c)->name;
      else r.referred_name = (*c)->name;
    }
    if (!errs.empty()) return core::Fail(core::Error::Invalid(std::move(errs)));
    auto existing = txn.Referrals().OfReferred(*in.referred_id);
    if (!existing) return core::Fail(existing.error());
    if (*existing)
      return core::Fail(core::Error::Conflict("customer " + core::FormatId(*in.referred_id) +
                                              " was referred already (referral " + core::FormatId((*existing)->id) +
                                              "): a customer is referred once"));
    r.referrer_id = *in.referrer_id;
    r.referred_id = *in.referred_id;
    if (actor.user_id) r.created_by = actor.user_id;
    r.created_at = now;
    auto id = txn.Referrals().Insert(r);
    if (!id) return core::Fail(id.error());
    r.id = *id;
    AuditEntry e = NewAuditEntry(actor, now, "referral.create", "referral", r.id);
    e.customer_id = r.referred_id;
    e.changes = {{"referrer_id", std::nullopt, AuditText(core::FormatId(r.referrer_id))},
                 {"referred_id", std::nullopt, AuditText(core::FormatId(r.referred_id))}};
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return r;
  });
}

core::Result<ReferralPage> ReferralService::List(const Actor& actor, ReferralQuery query,
                                                 std::optional<std::string_view> cursor) {
  auto before = DecodeIdCursor(cursor);
  if (!before) return core::Fail(before.error());
  query.before_id = *before;
  query.scope = CustomerScope::For(actor);
  auto rows = ReadValue<std::vector<Referral>>(store_, [&](Txn& txn) { return txn.Referrals().List(query); });
  if (!rows) return core::Fail(rows.error());
  return PageOf(std::move(*rows), query.limit);
}

core::Result<std::vector<LeaderboardRow>> ReferralService::Leaderboard(const Actor& actor, LeaderboardOrder order,
                                                                       int limit) {
  return ReadValue<std::vector<LeaderboardRow>>(store_, [&](Txn& txn) {
    return txn.Referrals().Leaderboard(CustomerScope::For(actor), order, limit);
  });
}

}  // namespace rapport::domain
