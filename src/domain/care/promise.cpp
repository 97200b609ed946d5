#include "domain/care/promise.hpp"

#include <array>

namespace rapport::domain {
namespace {

constexpr std::array<std::pair<PromiseKind, std::string_view>, 4> kKinds{{
    {PromiseKind::kRemedy, "remedy"},
    {PromiseKind::kDelivery, "delivery"},
    {PromiseKind::kCallback, "callback"},
    {PromiseKind::kOther, "other"},
}};
constexpr std::array<std::pair<PromiseStatus, std::string_view>, 4> kStatuses{{
    {PromiseStatus::kOpen, "open"},
    {PromiseStatus::kKept, "kept"},
    {PromiseStatus::kBroken, "broken"},
    {PromiseStatus::kCancelled, "cancelled"},
}};

}  // namespace

std::string_view PromiseKindName(PromiseKind k) {
  for (const auto& [v, n] : kKinds)
    if (v == k) return n;
  return "other";
}

std::optional<PromiseKind> ParsePromiseKind(std::string_view name) {
  for (const auto& [v, n] : kKinds)
    if (n == name) return v;
  return std::nullopt;
}

std::string_view PromiseStatusName(PromiseStatus s) {
  for (const auto& [v, n] : kStatuses)
    if (v == s) return n;
  return "open";
}

std::optional<PromiseStatus> ParsePromiseStatus(std::string_view name) {
  for (const auto& [v, n] : kStatuses)
    if (n == name) return v;
  return std::nullopt;
}

core::Status ClosePromise(Promise& p, PromiseStatus to, Timestamp now) {
  if (to == PromiseStatus::kOpen)
    return core::Fail(core::Error::Invalid("status", "a promise is closed as kept, broken or cancelled; it cannot reopen"));
  if (!p.Open())
    return core::Fail(core::Error::Conflict("promise " + core::FormatId(p.id) + " is already " +
                                            std::string(PromiseStatusName(p.status)) + ": a closed promise stays as it was"));
  p.status = to;
  switch (to) {
    case PromiseStatus::kKept: p.kept_at = now; break;
    case PromiseStatus::kBroken: p.broken_at = now; break;
    case PromiseStatus::kCancelled: p.cancelled_at = now; break;
    case PromiseStatus::kOpen: break;
  }
  p.updated_at = now;
  ++p.version;
  return {};
}

}  // namespace rapport::domain
