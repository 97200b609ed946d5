#include "core/text.hpp"

#include <utf8proc.h>

#include <cstdlib>

namespace rapport::core {

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
  while (left > 0) {
    utf8proc_int32_t cp;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0 || cp < 0) return false;
    p += n;
    left -= n;
  }
  return true;
}

std::size_t CodepointCount(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Trim(std::string_view s) {
  const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  std::size_t begin = 0, end = s.size();
  auto is_space = [](utf8proc_int32_t cp) {
    const auto cat = utf8proc_category(cp);
    return cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP || cp == 0xFEFF;
  };
  while (begin < end) {
    utf8proc_int32_t cp;
    const auto n = utf8proc_iterate(data + begin, static_cast<utf8proc_ssize_t>(end - begin), &cp);
    if (n <= 0 || !is_space(cp)) break;
    begin += static_cast<std::size_t>(n);
  }
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    utf8proc_int32_t cp;
    const auto n =
        utf8proc_iterate(data + start, static_cast<utf8proc_ssize_t>(end - start), &cp);
    if (n <= 0 || !is_space(cp)) break;
    end = start;
  }
  return std::string(s.substr(begin, end - begin));
}

std::string FoldCase(std::string_view s) {
  bool ascii = true;
  for (unsigned char c : s) ascii &= c < 0x80;
  if (ascii) {  // fast path: most names and all emails
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  utf8proc_uint8_t* folded = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &folded,
                              static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                             UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
  if (n < 0) return std::string(s);
  std::string out(reinterpret_cast<char*>(folded), static_cast<std::size_t>(n));
  std::free(folded);
  return out;
}

bool HasControlCharacters(std::string_view s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return true;
  return false;
}

std::string JsonString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (const char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace rapport::core
