// UTF-8 text helpers shared by validation and search.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::core {

bool IsValidUtf8(std::string_view s);
// Number of code points; the text must be valid UTF-8.
std::size_t CodepointCount(std::string_view s);
// Removes leading and trailing ASCII and Unicode white space.
std::string Trim(std::string_view s);
// Unicode case folding with NFKC normalisation ("Ångström" and "ÅNGSTRÖM" fold alike).
// Used for case-insensitive search and sorting; invalid UTF-8 folds to itself.
std::string FoldCase(std::string_view s);
// True for ASCII control characters other than tab/newline/carriage return.
bool HasControlCharacters(std::string_view s);
// The text as a JSON string literal, quotes included: a"b becomes "a\"b". Input must be
// valid UTF-8; it is copied as is apart from the escapes JSON requires.
std::string JsonString(std::string_view s);

}  // namespace rapport::core
