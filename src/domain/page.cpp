#include "domain/page.hpp"

namespace rapport::domain {

core::Result<core::Id> DecodeIdCursor(std::optional<std::string_view> cursor) {
  if (!cursor) return core::Id{0};
  auto id = core::ParseId(*cursor);
  if (!id)
    return core::Fail(core::Error::Invalid(
        "cursor", "not a valid cursor: pass next_cursor from the previous page unchanged"));
  return *id;
}

}  // namespace rapport::domain
