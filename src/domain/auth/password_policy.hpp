// What makes a password acceptable: at least kMinPasswordLength characters and not one of the
// 1,000 most common passwords (data/common-passwords.txt, compared ignoring case).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace rapport::domain {

inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 1000;

// Why `password` is refused, or nullopt when it is acceptable.
std::optional<std::string> PasswordProblem(std::string_view password);

}  // namespace rapport::domain
