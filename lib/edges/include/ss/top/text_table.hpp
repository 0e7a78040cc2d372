// Text for a terminal or a pipe: display widths of UTF-8 text, cutting to a width,
// making cells safe to print (a key may hold escape sequences), and laying cells out
// in aligned columns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

struct TextColumn {
  std::string title;
  bool right_aligned = false;
};

/// Columns of a terminal that `text` takes (wcwidth under the current locale; a code
/// point it does not know takes one).
size_t display_width(std::string_view text);
/// The longest prefix of `text` that takes at most `width` columns; when cut and
/// `marker` is set, its last column is `~`.
std::string cut_to_width(std::string_view text, size_t width, bool marker = false);
/// `text` with control characters (C0, DEL, C1) and invalid UTF-8 bytes replaced by `?`.
std::string printable(std::string_view text);
/// Lays `rows` out under `columns`, two spaces apart; cells wider than `max_cell`
/// are cut with a marker. Returns the header line followed by one line per row,
/// without trailing spaces.
std::vector<std::string> layout_table(const std::vector<TextColumn>& columns,
                                      const std::vector<std::vector<std::string>>& rows, size_t max_cell);

}  // namespace ss
