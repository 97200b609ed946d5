// Promises made to a customer (a remedy, a delivery date, a callback): who promised, by when, and
// whether it was kept. An open promise whose due time passes is recorded as broken by the
// scheduler (housekeeping), so a broken promise never hides as "still open". Kept, broken and
// cancelled promises are final.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/patch.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

enum class PromiseKind { kRemedy, kDelivery, kCallback, kOther };
std::string_view PromiseKindName(PromiseKind k);
std::optional<PromiseKind> ParsePromiseKind(std::string_view name);

enum class PromiseStatus { kOpen, kKept, kBroken, kCancelled };
std::string_view PromiseStatusName(PromiseStatus s);
std::optional<PromiseStatus> ParsePromiseStatus(std::string_view name);

struct Promise {
  Id id = 0;
  Id customer_id = 0;
  std::optional<Id> case_id;
  PromiseKind kind = PromiseKind::kOther;
  std::string description;
  Id promised_by = 0;
  Timestamp due_at;
  PromiseStatus status = PromiseStatus::kOpen;
  std::optional<Timestamp> kept_at, broken_at, cancelled_at;
  bool broken_automatically = false;  // due passed without being kept
  std::optional<std::string> note;
  Timestamp created_at, updated_at;
  std::int64_t version = 1;

  bool Open() const { return status == PromiseStatus::kOpen; }
};

struct PromiseInput {
  Patch<Id> customer_id, case_id, promised_by;
  Patch<std::string> kind, description, status, note;
  Patch<Timestamp> due_at;
  std::map<std::string, std::string> decode_errors;
};

inline constexpr std::size_t kMaxPromiseText = 2000;

// Closes open promise `p` as `to` (kept, broken or cancelled) at `now`; kConflict when it is
// closed already, kInvalidArgument for "open".
core::Status ClosePromise(Promise& p, PromiseStatus to, Timestamp now);

}  // namespace rapport::domain
