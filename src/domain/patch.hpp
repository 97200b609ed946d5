// Patch<T>: a field of a partial update. Absent (no change), null (clear) or a value.
#pragma once

#include <optional>

namespace rapport::domain {

template <typename T>
using Patch = std::optional<std::optional<T>>;

template <typename T>
bool IsPresent(const Patch<T>& p) { return p.has_value(); }
template <typename T>
bool IsNull(const Patch<T>& p) { return p.has_value() && !p->has_value(); }

}  // namespace rapport::domain
