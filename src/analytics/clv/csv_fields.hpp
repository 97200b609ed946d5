// The small CSV dialect the CLV files use: comma-separated fields, optional RFC 4180 double
// quotes (no line breaks inside a field), LF or CRLF line ends, an optional UTF-8 byte-order
// mark. Stream-based so that tests feed strings; thread-compatible (one reader per stream).
#pragma once

#include <istream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rapport::analytics::clv {

// Reads one line at a time, counting lines from 1 and dropping the '\r' of CRLF files and the
// byte-order mark of the first line.
class CsvLineReader {
 public:
  explicit CsvLineReader(std::istream& in) : in_(in) {}
  bool Next(std::string& line);
  int line_number() const { return line_number_; }

 private:
  std::istream& in_;
  int line_number_ = 0;
};

// The fields of one line, surrounding spaces trimmed (inside quotes kept); nullopt when a quote
// is not closed.
std::optional<std::vector<std::string>> SplitCsvLine(std::string_view line);

// A finite decimal number making up the whole text; nullopt otherwise ("nan", "inf", "1e", "").
std::optional<double> ParseFiniteNumber(std::string_view text);

// The index of the first header field equal to one of `names`, in the order of `names`.
std::optional<std::size_t> FindColumn(std::span<const std::string> header,
                                      std::initializer_list<std::string_view> names);

// The text as one CSV field: unchanged unless it holds a comma, quote, line break or edge space.
std::string QuoteCsvField(std::string_view text);

// Shortest decimal text that reads back as the same double ("30.428571428571427", "2").
std::string FormatNumber(double value);

}  // namespace rapport::analytics::clv
