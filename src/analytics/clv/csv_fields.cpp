#include "analytics/clv/csv_fields.hpp"

#include <charconv>
#include <cmath>

namespace rapport::analytics::clv {

bool CsvLineReader::Next(std::string& line) {
  if (!std::getline(in_, line)) return false;
  ++line_number_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line_number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  return true;
}

namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::vector<std::string>> SplitCsvLine(std::string_view line) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  while (true) {
    // Skip spaces before a field so that ` "a"` is a quoted field.
    std::size_t start = i;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
    std::string field;
    if (start < line.size() && line[start] == '"') {
      std::size_t j = start + 1;
      bool closed = false;
      while (j < line.size()) {
        if (line[j] == '"') {
          if (j + 1 < line.size() && line[j + 1] == '"') {
            field += '"';
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        field += line[j++];
      }
      if (!closed) return std::nullopt;
      const std::size_t comma = line.find(',', j);
      // Only spaces may follow the closing quote.
      if (!TrimSpaces(
               line.substr(j, comma == std::string_view::npos ? std::string_view::npos : comma - j))
               .empty())
        return std::nullopt;
      fields.push_back(std::move(field));
      if (comma == std::string_view::npos) break;
      i = comma + 1;
    } else {
      const std::size_t comma = line.find(',', i);
      fields.emplace_back(TrimSpaces(
          line.substr(i, comma == std::string_view::npos ? std::string_view::npos : comma - i)));
      if (comma == std::string_view::npos) break;
      i = comma + 1;
    }
  }
  return fields;
}

std::optional<double> ParseFiniteNumber(std::string_view text) {
  text = TrimSpaces(text);
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() ||
      !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<std::size_t> FindColumn(std::span<const std::string> header,
                                      std::initializer_list<std::string_view> names) {
  for (const auto name : names)
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
  return std::nullopt;
}

std::string QuoteCsvField(std::string_view text) {
  const bool plain = text.find_first_of(",\"\n\r") == std::string_view::npos &&
                     (text.empty() || (text.front() != ' ' && text.back() != ' '));
  if (plain) return std::string(text);
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::string FormatNumber(double value) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "nan";
  return std::string(buffer, end);
}

}  // namespace rapport::analytics::clv
