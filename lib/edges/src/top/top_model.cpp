#include "ss/top/top_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ss {

namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

/// The start of the bucket of length `bucket` that holds `t` (floor, also before 1970).
TimeUs bucket_start(TimeUs t, TimeUs bucket) {
  TimeUs q = t / bucket;
  if (t % bucket != 0 && t < 0) --q;
  return q * bucket;
}

}  // namespace

TopModel::TopModel(size_t history, TimeUs bucket) : history_(history), bucket_(bucket) {}

size_t TopModel::column_of(std::string_view name) {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == name) return i;
  columns_.emplace_back(name);
  return columns_.size() - 1;
}

std::optional<size_t> TopModel::column(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == name) return i;
  return std::nullopt;
}

TopWindow* TopModel::window_for(TimeUs start, TimeUs end, bool& late) {
  late = false;
  for (auto it = windows_.rbegin(); it != windows_.rend(); ++it) {
    if (it->end() == end && it->start() == start) {
      late = it->closed();
      return &*it;
    }
  }
  // Ordered by end, then start; new windows almost always go last.
  auto pos = windows_.end();
  while (pos != windows_.begin()) {
    const auto prev = std::prev(pos);
    if (prev->end() < end || (prev->end() == end && prev->start() < start)) break;
    pos = prev;
  }
  auto it = windows_.emplace(pos, start, end);
  if (closed_until_ && end <= *closed_until_) {
    // Its turn to close has passed: kept as a closed window while history has room.
    late = true;
    it->close();
  }
  return &*it;
}

void TopModel::add(const TopInputRow& row) {
  ++rows_;
  ++generation_;
  if (!has_shape_) {
    has_shape_ = true;
    shape_ = row.shape;
    if (shape_ == RowShape::sessions) column_of("sessions");
  }
  TimeUs start = row.start;
  TimeUs end = row.end;
  if (row.shape == RowShape::sessions) {
    start = bucket_start(row.end, bucket_);
    end = saturating_add(start, bucket_);
  }
  if (row.final == false) updates_ = true;
  // Rows come in the order of their windows' ends: one of a later window completes
  // the earlier ones, unless it is an early update of a window still filling.
  if (row.final != false) close_before(end, false);
  bool late = false;
  TopWindow* window = window_for(start, end, late);
  if (late) ++late_;
  KeyRow& key_row = window->row(row.key);
  const auto fill = [&] {
    if (key_row.values.size() < columns_.size()) key_row.values.resize(columns_.size(), kNone);
  };
  if (row.shape == RowShape::sessions) {
    fill();
    double& sessions = key_row.values[0];
    sessions = std::isnan(sessions) ? 1 : sessions + 1;
  }
  for (const auto& [name, value] : row.values) {
    const size_t c = column_of(name);
    fill();
    double& cell = key_row.values[c];
    if (row.shape == RowShape::sessions && !std::isnan(cell)) cell += value;
    else cell = value;
  }
  if (late) evict();
}

void TopModel::watermark(TimeUs ts) {
  ++generation_;
  if (!watermark_ || ts > *watermark_) watermark_ = ts;
  close_before(ts, true);
}

void TopModel::finish() {
  ++generation_;
  close_before(kMaxTime, true);
}

void TopModel::bad_line(std::string message) {
  ++bad_;
  ++generation_;
  last_bad_ = std::move(message);
}

void TopModel::close_before(TimeUs end, bool inclusive) {
  bool any = false;
  for (auto& window : windows_) {
    if (window.closed()) continue;
    if (window.end() > end || (!inclusive && window.end() == end)) break;
    window.close();
    ++windows_closed_;
    if (!closed_until_ || window.end() > *closed_until_) closed_until_ = window.end();
    if (on_close_) on_close_(window);
    any = true;
  }
  if (any) evict();
}

void TopModel::evict() {
  size_t closed = 0;
  for (const auto& window : windows_) closed += window.closed() ? 1 : 0;
  while (closed > history_) {
    const auto oldest = std::find_if(windows_.begin(), windows_.end(), [](const TopWindow& w) { return w.closed(); });
    windows_.erase(oldest);
    --closed;
  }
}

const TopWindow* TopModel::shown_window() const {
  if (windows_.empty()) return nullptr;
  if (updates_) return &windows_.back();
  if (const TopWindow* closed = newest_closed()) return closed;
  return &windows_.back();
}

const TopWindow* TopModel::newest_closed() const {
  for (auto it = windows_.rbegin(); it != windows_.rend(); ++it)
    if (it->closed()) return &*it;
  return nullptr;
}

}  // namespace ss
