#include "domain/customer/customer.hpp"

#include "core/text.hpp"

namespace rapport::domain {

std::string_view CustomerKindName(CustomerKind k) {
  return k == CustomerKind::kCompany ? "company" : "person";
}

std::optional<CustomerKind> ParseCustomerKind(std::string_view name) {
  if (name == "person") return CustomerKind::kPerson;
  if (name == "company") return CustomerKind::kCompany;
  return std::nullopt;
}

std::string SearchTextFor(const Customer& c) {
  std::string text = core::FoldCase(c.name);
  if (c.email) text += "\n" + core::FoldCase(*c.email);
  if (c.phone) {
    text += "\n" + core::FoldCase(*c.phone);
    std::string digits;
    for (char ch : *c.phone)
      if (ch >= '0' && ch <= '9') digits += ch;
    if (!digits.empty() && digits != *c.phone) text += "\n" + digits;
  }
  return text;
}

std::string SortNameFor(const Customer& c) { return core::FoldCase(c.name); }

}  // namespace rapport::domain
