#include "domain/customer/customer_query.hpp"

#include <charconv>

namespace rapport::domain {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  std::uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buf >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(buf << (6 - bits)) & 63];
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view in) {
  std::string out;
  std::uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = std::char_traits<char>::find(kAlphabet, 64, c);
    if (!p) return std::nullopt;
    buf = (buf << 6) | static_cast<std::uint32_t>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

std::string_view FieldName(CustomerSortField f) {
  switch (f) {
    case CustomerSortField::kName: return "name";
    case CustomerSortField::kCreatedAt: return "created_at";
    case CustomerSortField::kUpdatedAt: return "updated_at";
    case CustomerSortField::kStageChangedAt: return "stage_changed_at";
  }
  return "created_at";
}

core::Error BadCursor() {
  return core::Error::Invalid("cursor", "not a valid cursor: pass next_cursor from the previous page unchanged");
}

}  // namespace

std::optional<CustomerSort> ParseCustomerSort(std::string_view text) {
  CustomerSort sort;
  sort.descending = !text.empty() && text.front() == '-';
  if (sort.descending) text.remove_prefix(1);
  for (auto f : {CustomerSortField::kName, CustomerSortField::kCreatedAt,
                 CustomerSortField::kUpdatedAt, CustomerSortField::kStageChangedAt}) {
    if (FieldName(f) == text) {
      sort.field = f;
      return sort;
    }
  }
  return std::nullopt;
}

std::string CustomerSortName(CustomerSort sort) {
  return (sort.descending ? "-" : "") + std::string(FieldName(sort.field));
}

std::vector<std::string> CustomerSortNames() {
  std::vector<std::string> out;
  for (auto f : {CustomerSortField::kName, CustomerSortField::kCreatedAt,
                 CustomerSortField::kUpdatedAt, CustomerSortField::kStageChangedAt}) {
    out.emplace_back(FieldName(f));
    out.push_back("-" + std::string(FieldName(f)));
  }
  return out;
}

// Layout before encoding: "v1|<sort>|<id>|<int value>|<text value>".
std::string EncodeCursor(const CustomerCursor& c) {
  return Base64UrlEncode("v1|" + CustomerSortName(c.sort) + "|" + std::to_string(c.id) + "|" +
                         std::to_string(c.int_value) + "|" + c.text_value);
}

core::Result<CustomerCursor> DecodeCursor(std::string_view text, CustomerSort expected_sort) {
  const auto raw = Base64UrlDecode(text);
  if (!raw) return core::Fail(BadCursor());
  std::string_view rest = *raw;
  std::vector<std::string_view> parts;
  for (int i = 0; i < 4; ++i) {
    const auto bar = rest.find('|');
    if (bar == rest.npos) return core::Fail(BadCursor());
    parts.push_back(rest.substr(0, bar));
    rest.remove_prefix(bar + 1);
  }
  if (parts[0] != "v1") return core::Fail(BadCursor());
  const auto sort = ParseCustomerSort(parts[1]);
  if (!sort) return core::Fail(BadCursor());
  if (!(*sort == expected_sort))
    return core::Fail(core::Error::Invalid(
        "cursor", "was made for sort '" + CustomerSortName(*sort) + "', not '" +
                      CustomerSortName(expected_sort) + "'"));
  CustomerCursor c;
  c.sort = *sort;
  auto parse_int = [](std::string_view s, std::int64_t& out) {
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (!parse_int(parts[2], c.id) || c.id <= 0 || !parse_int(parts[3], c.int_value))
    return core::Fail(BadCursor());
  c.text_value = std::string(rest);
  return c;
}

CustomerCursor CursorAfter(const Customer& last, CustomerSort sort) {
  CustomerCursor c;
  c.sort = sort;
  c.id = last.id;
  switch (sort.field) {
    case CustomerSortField::kName: c.text_value = SortNameFor(last); break;
    case CustomerSortField::kCreatedAt: c.int_value = last.created_at.ms; break;
    case CustomerSortField::kUpdatedAt: c.int_value = last.updated_at.ms; break;
    case CustomerSortField::kStageChangedAt: c.int_value = last.stage_changed_at.ms; break;
  }
  return c;
}

}  // namespace rapport::domain
