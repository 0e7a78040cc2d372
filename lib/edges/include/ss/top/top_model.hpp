// What ss-top knows of the stream: the windows of the last --windows (plus those still
// open), the value columns, and the counts shown in the stats line. Windows close when
// the stream says they are complete: a watermark at or past their end, or a row of a
// window that ends later (ss-window emits windows in the order of their ends), unless
// that row says "final":false (--emit update). A row for a window that closed already
// is late: counted, and merged into the window while it is kept.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/report/row_shape.hpp"
#include "ss/top/top_input_row.hpp"
#include "ss/top/top_window.hpp"

namespace ss {

class TopModel {
 public:
  /// Called for each window as it closes, oldest first, while the windows before it
  /// are still kept (for its sparklines).
  using CloseHandler = std::function<void(const TopWindow&)>;

  /// Keeps `history` closed windows; session rows fall in buckets of `bucket`.
  TopModel(size_t history, TimeUs bucket);

  void on_close(CloseHandler handler) { on_close_ = std::move(handler); }

  /// Adds one row (of the kind of the first).
  void add(const TopInputRow& row);
  /// An upstream watermark: closes every window that ends at or before `ts`.
  void watermark(TimeUs ts);
  /// End of input: closes every open window.
  void finish();
  /// A bad line: counted, its message kept for the stats line.
  void bad_line(std::string message);

  /// Value column names, in the order they first appeared (session rows: "sessions" first).
  const std::vector<std::string>& columns() const { return columns_; }
  /// The column of `name`, or nullopt.
  std::optional<size_t> column(std::string_view name) const;
  /// Kept windows, ordered by end.
  const std::deque<TopWindow>& windows() const { return windows_; }
  /// The window a screen shows: the newest closed one, else the newest open one; in a
  /// stream of updates ("final":false) the newest one. nullptr when there is none.
  const TopWindow* shown_window() const;
  /// The newest closed window (what a plain table at end of input shows), or nullptr.
  const TopWindow* newest_closed() const;

  uint64_t rows() const { return rows_; }
  uint64_t late() const { return late_; }
  uint64_t bad() const { return bad_; }
  uint64_t windows_closed() const { return windows_closed_; }
  std::optional<TimeUs> last_watermark() const { return watermark_; }
  const std::string& last_bad_message() const { return last_bad_; }
  bool has_shape() const { return has_shape_; }
  RowShape shape() const { return shape_; }
  /// Incremented by every change, so a screen redraws only when something changed.
  uint64_t generation() const { return generation_; }

 private:
  TopWindow* window_for(TimeUs start, TimeUs end, bool& late);
  void close_before(TimeUs end, bool inclusive);
  void evict();
  size_t column_of(std::string_view name);

  const size_t history_;
  const TimeUs bucket_;
  CloseHandler on_close_;
  std::deque<TopWindow> windows_;
  std::vector<std::string> columns_;
  /// The end of the newest window closed so far: rows of windows ending at or before
  /// it that are no longer kept are late and dropped.
  std::optional<TimeUs> closed_until_;
  std::optional<TimeUs> watermark_;
  bool has_shape_ = false;
  RowShape shape_ = RowShape::windows;
  bool updates_ = false;  ///< a row said "final":false
  uint64_t rows_ = 0;
  uint64_t late_ = 0;
  uint64_t bad_ = 0;
  uint64_t windows_closed_ = 0;
  uint64_t generation_ = 0;
  std::string last_bad_;
};

}  // namespace ss
