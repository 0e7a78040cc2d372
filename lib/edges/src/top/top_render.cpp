#include "ss/top/top_render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ss/report/chart_scale.hpp"
#include "ss/top/sparkline.hpp"
#include "ss/top/text_table.hpp"

namespace ss {

namespace {

/// Cells wider than this are cut, so that one long key cannot push the numbers away.
constexpr size_t kMaxCell = 48;

/// The value column the rows are ranked by, nullopt for the key.
std::optional<size_t> sort_column(const TopModel& model, const TopView& view) {
  if (view.sort_by_key) return std::nullopt;
  if (view.sort && *view.sort < model.columns().size()) return view.sort;
  return by_column(model, view);
}

std::string window_span(const TopWindow& window) {
  return format_rfc3339(window.start()) + " to " + format_rfc3339(window.end());
}

/// The values of `joined`'s column `column` in the windows up to `window`, oldest first.
std::vector<double> history(const TopModel& model, const TopWindow& window, const std::string& joined, size_t column,
                            size_t count) {
  std::vector<const TopWindow*> span;
  for (const auto& w : model.windows()) {
    if (w.end() > window.end()) break;
    span.push_back(&w);
  }
  if (span.size() > count) span.erase(span.begin(), span.end() - static_cast<std::ptrdiff_t>(count));
  std::vector<double> values;
  values.reserve(span.size());
  for (const TopWindow* w : span) {
    const KeyRow* row = w->find(joined);
    values.push_back(row != nullptr && column < row->values.size() ? row->values[column] : std::nan(""));
  }
  return values;
}

}  // namespace

std::optional<size_t> by_column(const TopModel& model, const TopView& view) {
  if (view.by.empty()) return model.columns().empty() ? std::nullopt : std::optional<size_t>(0);
  return model.column(view.by);
}

std::vector<size_t> shown_columns(const TopModel& model, const TopView& view) {
  std::vector<size_t> out;
  const auto by = by_column(model, view);
  if (by) out.push_back(*by);
  for (size_t c = 0; c < model.columns().size(); ++c)
    if (c != by) out.push_back(c);
  return out;
}

std::vector<const KeyRow*> rank_rows(const TopModel& model, const TopWindow& window, const TopView& view,
                                     size_t limit) {
  std::vector<const KeyRow*> rows;
  rows.reserve(window.rows().size());
  for (const auto& row : window.rows()) rows.push_back(&row);
  const auto column = sort_column(model, view);
  const auto value = [&](const KeyRow* row) {
    return column && *column < row->values.size() ? row->values[*column] : std::nan("");
  };
  const auto before = [&](const KeyRow* a, const KeyRow* b) {
    if (column) {
      const double x = value(a);
      const double y = value(b);
      // Largest first, rows without a value last, then by key for a stable order.
      if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
      if (!std::isnan(x) && x != y) return x > y;
    }
    return a->key < b->key;
  };
  const size_t n = std::min(limit, rows.size());
  std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(), before);
  rows.resize(n);
  return rows;
}

std::vector<std::string> render_table(const TopModel& model, const TopWindow& window, const TopView& view,
                                      size_t limit) {
  const auto by = by_column(model, view);
  const auto sorted = sort_column(model, view);
  const auto spark = sorted ? sorted : by;
  const auto& names = model.columns();
  const std::vector<size_t> shown = shown_columns(model, view);
  const auto mark = [&](std::string title, bool sorted_here) {
    if (view.mark_sort && sorted_here) title += "*";
    return title;
  };

  std::vector<TextColumn> columns;
  if (view.key_names.empty()) {
    columns.push_back({mark("key", view.sort_by_key), false});
  } else {
    for (size_t i = 0; i < view.key_names.size(); ++i)
      columns.push_back({mark(printable(view.key_names[i]), view.sort_by_key && i == 0), false});
  }
  for (const size_t c : shown) {
    columns.push_back({mark(printable(names[c]), sorted == c), true});
    if (c == by) columns.push_back({printable(names[c]) + "/s", true});
  }
  if (spark) columns.push_back({printable(names[*spark]) + " trend", false});

  std::vector<std::vector<std::string>> cells;
  for (const KeyRow* row : rank_rows(model, window, view, limit)) {
    std::vector<std::string> line;
    if (view.key_names.empty()) {
      line.emplace_back("(all)");
    } else {
      for (size_t i = 0; i < view.key_names.size(); ++i)
        line.push_back(i < row->key.size() ? printable(row->key[i]) : std::string("-"));
    }
    for (const size_t c : shown) {
      const double v = c < row->values.size() ? row->values[c] : std::nan("");
      line.push_back(format_number(v));
      if (c == by) line.push_back(format_number(v / window.seconds()));
    }
    if (spark)
      line.push_back(sparkline(history(model, window, join_key(row->key), *spark, view.spark_windows), view.ascii));
    cells.push_back(std::move(line));
  }
  return layout_table(columns, cells, kMaxCell);
}

std::string render_stats(const TopModel& model) {
  std::string line =
      fmt::format("rows {}  windows {}  late {}  bad {}  watermark {}", model.rows(), model.windows_closed(),
                  model.late(), model.bad(), model.last_watermark() ? format_rfc3339(*model.last_watermark()) : "-");
  if (model.bad() > 0 && !model.last_bad_message().empty())
    line += "  last bad: " + printable(model.last_bad_message());
  return line;
}

std::string render_plain(const TopModel& model, const TopWindow& window, const TopView& view) {
  const auto by = by_column(model, view);
  std::string out = fmt::format("window {}  keys {}  by {}\n", window_span(window), window.rows().size(),
                                by ? printable(model.columns()[*by]) : std::string("-"));
  out += render_stats(model);
  out += '\n';
  for (const auto& line : render_table(model, window, view, view.top)) {
    out += line;
    out += '\n';
  }
  out += '\n';
  return out;
}

std::string render_plain_empty(const TopModel& model) { return "no rows\n" + render_stats(model) + "\n"; }

std::vector<std::string> render_screen(const TopModel& model, const TopView& view, const ScreenState& state,
                                       size_t width, size_t height) {
  std::vector<std::string> lines;
  const TopWindow* window = model.shown_window();
  std::string title;
  if (window == nullptr) {
    title = state.ended ? "no rows" : "no rows yet";
  } else {
    const auto sorted = sort_column(model, view);
    title = fmt::format("window {} ({})  keys {}  sort {}", window_span(*window), window->closed() ? "closed" : "open",
                        window->rows().size(), sorted ? printable(model.columns()[*sorted]) : std::string("key"));
  }
  // First, where a narrow terminal does not cut them off.
  if (state.ended) title = "end of input  " + title;
  if (state.paused) title = "PAUSED  " + title;
  lines.push_back(std::move(title));
  lines.push_back(render_stats(model));
  lines.emplace_back();
  // Title, stats, the empty line, the table's header and the key help take five lines.
  if (window != nullptr && height > 5) {
    for (auto& line : render_table(model, *window, view, std::min(view.top, height - 5)))
      lines.push_back(std::move(line));
  }
  while (lines.size() + 1 < height) lines.emplace_back();
  lines.emplace_back("q quit  p pause  s next sort  0 sort by key  1-9 sort by column");
  if (lines.size() > height) lines.resize(height);
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t room = i + 1 == lines.size() && width > 0 ? width - 1 : width;
    lines[i] = cut_to_width(lines[i], room);
  }
  return lines;
}

}  // namespace ss
