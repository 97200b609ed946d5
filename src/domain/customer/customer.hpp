// A customer: a person or a company we have a relationship with. Plain values, no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"
#include "domain/customer/stage.hpp"
#include "domain/patch.hpp"

namespace rapport::domain {

using core::Id;
using core::Timestamp;

enum class CustomerKind { kPerson, kCompany };
std::string_view CustomerKindName(CustomerKind k);
std::optional<CustomerKind> ParseCustomerKind(std::string_view name);

struct Address {
  std::optional<std::string> street, city, region, postal_code, country;
  bool operator==(const Address&) const = default;
};

// First-class notes shown wherever the customer is shown.
struct CustomerNotes {
  std::optional<std::string> expectations, preferences, idiosyncrasies;
  bool operator==(const CustomerNotes&) const = default;
};

struct Customer {
  Id id = 0;
  CustomerKind kind = CustomerKind::kPerson;
  std::string name;
  std::optional<Id> company_id;
  std::optional<std::string> email, phone, time_zone, source;
  Address address;
  Id owner_id = 0;
  std::int64_t acquisition_cost_cents = 0;
  std::vector<std::string> tags;
  // Custom fields: name -> the field's value as JSON text (the domain does not interpret it).
  std::map<std::string, std::string> custom;
  CustomerNotes notes;
  Stage stage = Stage::kContact;
  Timestamp stage_changed_at, created_at, updated_at;
  std::optional<Timestamp> archived_at;
  std::int64_t version = 1;  // bumped by every change; the HTTP layer's ETag
};

// What a client sends to create or update a customer. For a create, absent means default.
struct CustomerInput {
  Patch<CustomerKind> kind;
  Patch<std::string> name;
  Patch<Id> company_id;
  Patch<std::string> email, phone, time_zone, source;
  struct AddressPatch {
    Patch<std::string> street, city, region, postal_code, country;
  };
  Patch<AddressPatch> address;  // null clears all; an object merges per field
  Patch<Id> owner_id;
  Patch<std::int64_t> acquisition_cost_cents;
  Patch<std::vector<std::string>> tags;  // replaces the list
  // Merge-patch of custom fields: a field set to nullopt is removed; null clears all.
  Patch<std::map<std::string, std::optional<std::string>>> custom;
  struct NotesPatch {
    Patch<std::string> expectations, preferences, idiosyncrasies;
  };
  Patch<NotesPatch> notes;
  // Problems found while decoding the request (wrong types, unknown fields), reported together
  // with the validation errors so a client sees every bad field at once.
  std::map<std::string, std::string> decode_errors;
};

// One recorded move in the lifecycle.
struct StageTransition {
  Id id = 0;
  Id customer_id = 0;
  Stage from = Stage::kContact;
  Stage to = Stage::kContact;
  Timestamp at;
  Id by = 0;  // the user who made the move
  std::optional<std::string> reason, competitor;
};

// Folded text the `q` search matches against: name, email, phone and the phone's digits.
std::string SearchTextFor(const Customer& c);
// Folded name used for sorting by name.
std::string SortNameFor(const Customer& c);

}  // namespace rapport::domain
