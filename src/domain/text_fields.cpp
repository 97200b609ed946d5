#include "domain/text_fields.hpp"

#include "core/text.hpp"

namespace rapport::domain {

std::optional<std::string> CleanOptionalText(const std::optional<std::string>& raw, const std::string& field,
                                             std::size_t max_len, std::map<std::string, std::string>& errors) {
  if (!raw) return std::nullopt;
  if (!core::IsValidUtf8(*raw)) {
    errors.emplace(field, "must be valid UTF-8");
    return std::nullopt;
  }
  std::string text = core::Trim(*raw);
  if (text.empty()) return std::nullopt;
  if (core::CodepointCount(text) > max_len) {
    errors.emplace(field, "too long: at most " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  return text;
}

core::Result<std::optional<std::string>> CleanText(const std::optional<std::string>& raw, const char* field,
                                                   std::size_t max_len) {
  std::map<std::string, std::string> errors;
  auto text = CleanOptionalText(raw, field, max_len, errors);
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return text;
}

}  // namespace rapport::domain
