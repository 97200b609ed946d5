#include "domain/auth/password_policy.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "core/text.hpp"

namespace rapport::domain {
namespace {

constexpr const char* kCommonPasswords[] = {
#include "common_passwords.inc"
};

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

}  // namespace

std::optional<std::string> PasswordProblem(std::string_view password) {
  if (!core::IsValidUtf8(password)) return "must be valid UTF-8";
  const std::size_t length = core::CodepointCount(password);
  if (length < kMinPasswordLength)
    return "too short: at least " + std::to_string(kMinPasswordLength) + " characters";
  if (length > kMaxPasswordLength)
    return "too long: at most " + std::to_string(kMaxPasswordLength) + " characters";
  const std::string lower = AsciiLower(password);
  for (const char* common : kCommonPasswords)
    if (lower == common) return "too common: it is on the list of the 1,000 most used passwords";
  return std::nullopt;
}

}  // namespace rapport::domain
