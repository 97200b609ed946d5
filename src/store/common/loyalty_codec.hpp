// The stored form of the loyalty settings (a settings row, JSON).
#pragma once

#include <string_view>

#include "domain/loyalty/loyalty.hpp"

namespace rapport::store {

inline constexpr std::string_view kLoyaltySettingsKey = "loyalty";

// Reads domain::LoyaltyConfigToJson's text; kInternal when it is damaged.
core::Result<domain::LoyaltyConfig> LoyaltyConfigFromJson(std::string_view text);

}  // namespace rapport::store
