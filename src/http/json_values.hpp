// Optional values as JSON (null when absent), shared by the JSON encoders.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/id.hpp"
#include "core/time.hpp"

namespace rapport::http {

inline boost::json::value JsonOptText(const std::optional<std::string>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}
inline boost::json::value JsonOptId(const std::optional<core::Id>& v) {
  return v ? boost::json::value(core::FormatId(*v)) : boost::json::value(nullptr);
}
inline boost::json::value JsonOptTime(const std::optional<core::Timestamp>& v) {
  return v ? boost::json::value(core::FormatIso8601(*v)) : boost::json::value(nullptr);
}

}  // namespace rapport::http
