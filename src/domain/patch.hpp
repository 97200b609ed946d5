// Patch<T>: a field of a partial update. Absent (no change), null (clear) or a value.
#pragma once

#include <optional>

namespace rapport::domain {

template <typename T>
using Patch = std::optional<std::optional<T>>;

}  // namespace rapport::domain
