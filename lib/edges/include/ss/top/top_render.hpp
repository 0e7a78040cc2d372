// ss-top's text, built from the model without a terminal: the table of one window
// (keys ranked by a column, its rate, the other columns and a sparkline per key), the
// plain output printed per closed window, and the screen a terminal shows, cut to its
// size. The ncurses front only draws these lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ss/top/top_model.hpp"

namespace ss {

struct TopView {
  std::vector<std::string> key_names;  ///< titles of the key columns
  std::string by;                      ///< --by; empty = the first column
  std::optional<size_t> sort;          ///< value column ranked by; unset = the --by column; see sort_by_key
  bool sort_by_key = false;            ///< rank by key, ascending
  size_t top = 10;
  size_t spark_windows = 20;
  bool ascii = false;
  bool mark_sort = false;  ///< mark the ranking column's title with `*`
};

/// The value column that --by names (or the first), nullopt while there is none.
std::optional<size_t> by_column(const TopModel& model, const TopView& view);
/// The value columns in the order a table shows them: --by first, then the others.
std::vector<size_t> shown_columns(const TopModel& model, const TopView& view);
/// The rows of `window` ranked by the view, at most `limit`.
std::vector<const KeyRow*> rank_rows(const TopModel& model, const TopWindow& window, const TopView& view, size_t limit);

/// The header and rows of `window`'s table, at most `limit` rows.
std::vector<std::string> render_table(const TopModel& model, const TopWindow& window, const TopView& view,
                                      size_t limit);
/// The counts line: rows, windows, late, bad (with the last bad line's message) and
/// the watermark.
std::string render_stats(const TopModel& model);
/// What a pipe gets for a closed window: a title line, the stats line, the table, and
/// an empty line.
std::string render_plain(const TopModel& model, const TopWindow& window, const TopView& view);
/// What a pipe gets for a stream without rows.
std::string render_plain_empty(const TopModel& model);

struct ScreenState {
  bool paused = false;
  bool ended = false;  ///< end of input
};

/// The lines of a terminal of `width` x `height`, each at most `width` columns wide
/// (the last one a column narrower, so that drawing it never scrolls).
std::vector<std::string> render_screen(const TopModel& model, const TopView& view, const ScreenState& state,
                                       size_t width, size_t height);

}  // namespace ss
