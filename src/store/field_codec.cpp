#include "store/field_codec.hpp"

#include <boost/json.hpp>

namespace rapport::store {

std::string EncodeTags(const std::vector<std::string>& tags) {
  boost::json::array a;
  for (const auto& t : tags) a.emplace_back(t);
  return boost::json::serialize(a);
}

std::vector<std::string> DecodeTags(const std::string& json) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& t : v.as_array())
    if (t.is_string()) out.emplace_back(t.as_string());
  return out;
}

std::string EncodeCustom(const std::map<std::string, std::string>& custom) {
  boost::json::object o;
  for (const auto& [k, v] : custom) {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(v, ec);
    o[k] = ec ? boost::json::value(v) : std::move(parsed);
  }
  return boost::json::serialize(o);
}

std::map<std::string, std::string> DecodeCustom(const std::string& json) {
  std::map<std::string, std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, val] : v.as_object()) out.emplace(std::string(k), boost::json::serialize(val));
  return out;
}

}  // namespace rapport::store
