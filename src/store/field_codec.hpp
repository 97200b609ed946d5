// Encoding of the customer fields stored as JSON text (tags, custom fields), shared by backends.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace rapport::store {

std::string EncodeTags(const std::vector<std::string>& tags);
std::vector<std::string> DecodeTags(const std::string& json);
// Custom fields: name -> JSON value text, stored as one JSON object.
std::string EncodeCustom(const std::map<std::string, std::string>& custom);
std::map<std::string, std::string> DecodeCustom(const std::string& json);

}  // namespace rapport::store
