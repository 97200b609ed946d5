// Keyset pages over ids: a list reads limit + 1 rows; the extra row says there is a next page,
// whose cursor is the id of the last row kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/id.hpp"

namespace rapport::domain {

template <typename T>
struct IdPage {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

// `rows` as read (at most limit + 1) cut into a page.
template <typename T>
IdPage<T> PageOf(std::vector<T> rows, int limit) {
  IdPage<T> page;
  page.items = std::move(rows);
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next_cursor = core::FormatId(page.items.back().id);
  }
  return page;
}

// The id a cursor stands for (none: 0); kInvalidArgument on "cursor" otherwise.
core::Result<core::Id> DecodeIdCursor(std::optional<std::string_view> cursor);

}  // namespace rapport::domain
