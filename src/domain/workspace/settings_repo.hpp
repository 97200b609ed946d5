// SettingsRepo: the storage port of workspace-wide settings, as key -> text.
// Contract as for every repository (domain/store.hpp): a storage failure is an Error, never thrown;
// "not found" is an empty optional. Used only through the Txn that handed it out (not thread-safe).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace rapport::domain {

// Workspace-wide settings (the currency chosen at install, ...).
class SettingsRepo {
 public:
  virtual ~SettingsRepo() = default;
  virtual core::Result<std::optional<std::string>> Get(std::string_view key) = 0;
  virtual core::Status Set(std::string_view key, std::string_view value) = 0;
};

}  // namespace rapport::domain
