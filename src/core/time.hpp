// Timestamps: UTC, millisecond precision, ISO 8601 in text ("2026-11-23T09:14:50.123Z").
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::core {

struct Timestamp {
  std::int64_t ms = 0;  // milliseconds since the Unix epoch, UTC
  auto operator<=>(const Timestamp&) const = default;
};

constexpr std::int64_t kMsPerDay = 86'400'000;

// "YYYY-MM-DDTHH:MM:SS.mmmZ"
std::string FormatIso8601(Timestamp t);
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by "Z" or "+HH:MM"/"-HH:MM".
std::optional<Timestamp> ParseIso8601(std::string_view text);

// A calendar date (UTC), for dates without a time: expected close dates, renewal dates.
struct Date {
  int days = 0;  // days since 1970-01-01
  auto operator<=>(const Date&) const = default;
};

// Strict "YYYY-MM-DD".
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);
// "YYYY-MM"
std::string FormatMonth(Date d);
Date DateOf(Timestamp t);
Timestamp StartOf(Date d);
// The same day `months` later (or earlier), clamped to the end of shorter months (Jan 31 + 1 month
// = Feb 28/29).
Date AddMonths(Date d, int months);

}  // namespace rapport::core
