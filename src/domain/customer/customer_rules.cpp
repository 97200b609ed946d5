#include "domain/customer/customer_rules.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/text.hpp"

namespace rapport::domain {
namespace {

// Generated at configure time from the system's IANA tz database (cmake/TimeZones.cmake).
constexpr std::string_view kTimeZones[] = {
#include "tz_names.inc"
};

using Errors = std::map<std::string, std::string>;

// Trims and checks a free-text field; returns nullopt (and records why) when invalid.
std::optional<std::string> CleanText(const std::string& raw, const std::string& field,
                                     std::size_t max_len, bool allow_newlines, Errors& errors) {
  if (!core::IsValidUtf8(raw)) {
    errors[field] = "must be valid UTF-8";
    return std::nullopt;
  }
  std::string text = core::Trim(raw);
  if (text.empty()) {
    errors[field] = "must not be empty";
    return std::nullopt;
  }
  if (core::CodepointCount(text) > max_len) {
    errors[field] = "too long: at most " + std::to_string(max_len) + " characters";
    return std::nullopt;
  }
  const bool has_newline = text.find_first_of("\n\r") != std::string::npos;
  if (core::HasControlCharacters(text) || (!allow_newlines && has_newline)) {
    errors[field] = "must not contain control characters";
    return std::nullopt;
  }
  return text;
}

// An optional text field: null clears it, a value is cleaned.
void ApplyOptionalText(const Patch<std::string>& patch, const std::string& field,
                       std::size_t max_len, bool allow_newlines, std::optional<std::string>& target,
                       Errors& errors) {
  if (!patch) return;
  if (!*patch) {
    target.reset();
    return;
  }
  if (auto clean = CleanText(**patch, field, max_len, allow_newlines, errors)) target = *clean;
}

bool IsPhoneCharacter(char c) {
  return (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')' ||
         c == '.' || c == '/' || c == 'x' || c == 'X' || c == '#' || c == '*';
}

void ApplyAddress(const Patch<CustomerInput::AddressPatch>& patch, Address& address,
                  Errors& errors) {
  if (!patch) return;
  if (!*patch) {
    address = Address{};
    return;
  }
  const auto& p = **patch;
  ApplyOptionalText(p.street, "address.street", 200, false, address.street, errors);
  ApplyOptionalText(p.city, "address.city", 100, false, address.city, errors);
  ApplyOptionalText(p.region, "address.region", 100, false, address.region, errors);
  ApplyOptionalText(p.postal_code, "address.postal_code", 20, false, address.postal_code, errors);
  ApplyOptionalText(p.country, "address.country", 100, false, address.country, errors);
}

void ApplyNotes(const Patch<CustomerInput::NotesPatch>& patch, CustomerNotes& notes,
                Errors& errors) {
  if (!patch) return;
  if (!*patch) {
    notes = CustomerNotes{};
    return;
  }
  const auto& p = **patch;
  ApplyOptionalText(p.expectations, "notes.expectations", kMaxNoteLength, true, notes.expectations,
                    errors);
  ApplyOptionalText(p.preferences, "notes.preferences", kMaxNoteLength, true, notes.preferences,
                    errors);
  ApplyOptionalText(p.idiosyncrasies, "notes.idiosyncrasies", kMaxNoteLength, true,
                    notes.idiosyncrasies, errors);
}

void ApplyTags(const Patch<std::vector<std::string>>& patch, std::vector<std::string>& tags,
               Errors& errors) {
  if (!patch) return;
  std::vector<std::string> out;
  if (*patch) {
    if ((*patch)->size() > kMaxTags) {
      errors["tags"] = "too many: at most " + std::to_string(kMaxTags) + " tags";
      return;
    }
    for (std::size_t i = 0; i < (*patch)->size(); ++i) {
      const std::string field = "tags[" + std::to_string(i) + "]";
      auto clean = CleanText((**patch)[i], field, kMaxTagLength, false, errors);
      if (clean && std::find(out.begin(), out.end(), *clean) == out.end())
        out.push_back(std::move(*clean));
    }
  }
  tags = std::move(out);
}

void ApplyCustom(const Patch<std::map<std::string, std::optional<std::string>>>& patch,
                 std::map<std::string, std::string>& custom, Errors& errors) {
  if (!patch) return;
  if (!*patch) {
    custom.clear();
    return;
  }
  auto result = custom;
  for (const auto& [key, value] : **patch) {
    const std::string field = "custom." + key;
    if (key.empty() || core::CodepointCount(key) > 64 || !core::IsValidUtf8(key) ||
        core::HasControlCharacters(key)) {
      errors[field] = "custom field names must be 1 to 64 printable characters";
      continue;
    }
    if (!value) {
      result.erase(key);
    } else if (value->size() > kMaxCustomValueBytes) {
      errors[field] = "value too large: at most " + std::to_string(kMaxCustomValueBytes) + " bytes";
    } else {
      result[key] = *value;
    }
  }
  if (result.size() > kMaxCustomFields)
    errors["custom"] = "too many fields: at most " + std::to_string(kMaxCustomFields);
  custom = std::move(result);
}

}  // namespace

bool IsValidEmail(std::string_view email) {
  if (email.size() > 254) return false;
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || email.find('@', at + 1) != email.npos)
    return false;
  const auto domain = email.substr(at + 1);
  if (domain.size() < 3 || domain.front() == '.' || domain.back() == '.' ||
      domain.find('.') == domain.npos || domain.find("..") != domain.npos)
    return false;
  for (unsigned char c : email)
    if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
        c == '(' || c == ')' || c == '[' || c == ']' || c == '\\')
      return false;
  return true;
}

bool IsKnownTimeZone(std::string_view name) {
  return std::find(std::begin(kTimeZones), std::end(kTimeZones), name) != std::end(kTimeZones);
}

core::Status ApplyCustomerInput(const CustomerInput& in, bool creating, Customer& c) {
  Errors errors = in.decode_errors;

  if (in.kind) {
    if (!*in.kind) {
      errors["kind"] = "must be 'person' or 'company'";
    } else if (creating) {
      c.kind = **in.kind;
    } else if (**in.kind != c.kind) {
      errors["kind"] = "cannot be changed after the customer is created";
    }
  }

  if (in.name) {
    if (!*in.name) {
      errors["name"] = "is required";
    } else if (auto clean = CleanText(**in.name, "name", kMaxNameLength, false, errors)) {
      c.name = *clean;
    }
  } else if (creating && !errors.contains("name")) {
    errors["name"] = "is required";
  }

  if (in.company_id) c.company_id = *in.company_id;
  if (c.company_id && c.kind == CustomerKind::kCompany && in.company_id)
    errors["company_id"] = "only a person can belong to a company";

  if (in.email && *in.email) {
    const std::string email = core::Trim(**in.email);
    if (!IsValidEmail(email) || !core::IsValidUtf8(email))
      errors["email"] = "not a valid email address";
    else
      c.email = email;
  } else if (in.email) {
    c.email.reset();
  }

  if (in.phone && *in.phone) {
    const std::string phone = core::Trim(**in.phone);
    int digits = 0;
    bool ok = !phone.empty() && phone.size() <= 50;
    for (char ch : phone) {
      ok &= IsPhoneCharacter(ch);
      digits += ch >= '0' && ch <= '9';
    }
    if (!ok || digits < 3)
      errors["phone"] = "not a valid phone number (digits, spaces and + - ( ) . / only)";
    else
      c.phone = phone;
  } else if (in.phone) {
    c.phone.reset();
  }

  if (in.time_zone && *in.time_zone) {
    if (!IsKnownTimeZone(**in.time_zone))
      errors["time_zone"] = "not a known IANA time zone name (e.g. 'Europe/Berlin')";
    else
      c.time_zone = **in.time_zone;
  } else if (in.time_zone) {
    c.time_zone.reset();
  }

  ApplyOptionalText(in.source, "source", 100, false, c.source, errors);
  ApplyAddress(in.address, c.address, errors);

  if (in.owner_id) {
    if (!*in.owner_id)
      errors["owner_id"] = "a customer always has an owner";
    else
      c.owner_id = **in.owner_id;
  }

  if (in.acquisition_cost_cents) {
    if (!*in.acquisition_cost_cents || **in.acquisition_cost_cents < 0)
      errors["acquisition_cost_cents"] = "must be an integer >= 0 (minor units)";
    else
      c.acquisition_cost_cents = **in.acquisition_cost_cents;
  }

  ApplyTags(in.tags, c.tags, errors);
  ApplyCustom(in.custom, c.custom, errors);
  ApplyNotes(in.notes, c.notes, errors);

  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return {};
}

}  // namespace rapport::domain
