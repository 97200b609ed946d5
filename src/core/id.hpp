// Record ids: 64-bit integers inside, decimal JSON strings outside (opaque to clients).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::core {

using Id = std::int64_t;

inline std::string FormatId(Id id) { return std::to_string(id); }
// Accepts a positive decimal without sign or leading zeros; anything else is no id.
std::optional<Id> ParseId(std::string_view text);

}  // namespace rapport::core
