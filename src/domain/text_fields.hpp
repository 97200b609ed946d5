// Free-text fields of requests: trimmed, valid UTF-8, bounded. Shared by the services that take
// titles, summaries, reasons and notes.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace rapport::domain {

// The trimmed text of `raw`; nullopt when absent or blank. A problem (not UTF-8, longer than
// `max_len` characters) is recorded in errors[field] and gives nullopt.
std::optional<std::string> CleanOptionalText(const std::optional<std::string>& raw, const std::string& field,
                                             std::size_t max_len, std::map<std::string, std::string>& errors);

// The same as a Result: kInvalidArgument on `field` instead of an errors map.
core::Result<std::optional<std::string>> CleanText(const std::optional<std::string>& raw, const char* field,
                                                   std::size_t max_len);

}  // namespace rapport::domain
