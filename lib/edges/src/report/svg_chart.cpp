#include "ss/report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "ss/report/chart_scale.hpp"
#include "ss/report/html_escape.hpp"

namespace ss {

namespace {

// Drawing units of the viewBox; the browser scales them to the page's width.
// 2:1 at 480 wide: two charts side by side on a wide screen, one on a phone, with the
// labels near the page's own text size in both.
constexpr double kWidth = 480;
constexpr double kHeight = 240;
constexpr double kLeft = 44;
constexpr double kRight = 12;
constexpr double kTop = 10;
constexpr double kBottom = 28;
constexpr double kPlotRight = kWidth - kRight;
constexpr double kPlotBottom = kHeight - kBottom;
/// Points are marked with dots when a line has at most this many.
constexpr size_t kMarkedPoints = 40;
constexpr int kYTicks = 5;
constexpr int kXTicks = 5;
constexpr std::string_view kTotalColour = "#555b66";

// Tableau 10's first eight: told apart by most readers, also in print.
constexpr std::array<std::string_view, 8> kColours = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                      "#59a14f", "#edc948", "#b07aa1", "#ff9da7"};

void open_svg(std::string& out, std::string_view label) {
  out += fmt::format(R"(<svg viewBox="0 0 {} {}" width="100%" role="img" aria-label=")", kWidth, kHeight);
  append_html_escaped(out, label);
  out += "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
}

/// Horizontal grid lines with their labels; returns the scale from values to y. Counts
/// (`integers`) get whole ticks: no 0.2 of a session.
LinearScale append_y_axis(std::string& out, double low, double high, bool integers) {
  std::vector<double> ticks = nice_ticks(low, high, kYTicks);
  if (integers && ticks.size() > 1 && ticks[1] - ticks[0] < 1) ticks = nice_ticks(low, std::max(high, low + 1), 1);
  const LinearScale y(ticks.front(), ticks.back(), kPlotBottom, kTop);
  for (const double tick : ticks) {
    const std::string at = format_coordinate(y(tick));
    out += fmt::format(R"(<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>)", format_coordinate(kLeft),
                       format_coordinate(kPlotRight), at, at);
    out += fmt::format(R"(<text class="yl" x="{}" y="{}">{}</text>)", format_coordinate(kLeft - 4), at,
                       html_escaped(format_tick_number(tick)));
    out += '\n';
  }
  return y;
}

void append_x_label(std::string& out, double x, std::string_view text) {
  out += fmt::format(R"(<text class="xl" x="{}" y="{}">)", format_coordinate(x), format_coordinate(kHeight - 8));
  append_html_escaped(out, text);
  out += "</text>\n";
}

void append_empty_note(std::string& out) {
  out += fmt::format(R"(<text class="empty" x="{}" y="{}">no values</text>)", format_coordinate(kWidth / 2),
                     format_coordinate(kHeight / 2));
  out += '\n';
}

}  // namespace

std::string_view series_colour(const TimeChart& chart, size_t index) {
  if (chart.has_total) {
    if (index == 0) return kTotalColour;
    --index;
  }
  return kColours[index % kColours.size()];
}

void append_time_chart_svg(std::string& out, const TimeChart& chart) {
  open_svg(out, chart.title);
  bool any = false;
  TimeUs x_low = 0;
  TimeUs x_high = 0;
  double y_low = 0;  // the y axis starts at zero unless values go below it
  double y_high = 0;
  bool integers = true;
  for (const ChartSeries& series : chart.series) {
    for (const ChartPoint& point : series.points) {
      integers = integers && point.y == std::trunc(point.y);
      x_low = any ? std::min(x_low, point.x) : point.x;
      x_high = any ? std::max(x_high, point.x) : point.x;
      y_low = std::min(y_low, point.y);
      y_high = std::max(y_high, point.y);
      any = true;
    }
  }
  const LinearScale y = append_y_axis(out, y_low, y_high, integers);
  out += fmt::format(R"(<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>)", format_coordinate(kLeft),
                     format_coordinate(kPlotRight), format_coordinate(kPlotBottom), format_coordinate(kPlotBottom));
  out += '\n';
  if (!any) {
    append_empty_note(out);
    out += "</svg>\n";
    return;
  }
  const LinearScale x(static_cast<double>(x_low), static_cast<double>(x_high), kLeft + 4, kPlotRight - 4);
  // Ticks no closer than the points: a chart of minute windows is labelled in minutes.
  std::vector<TimeUs> xs;
  for (const ChartSeries& series : chart.series)
    for (const ChartPoint& point : series.points) xs.push_back(point.x);
  std::sort(xs.begin(), xs.end());
  TimeUs gap = 0;
  for (size_t i = 1; i < xs.size(); ++i)
    if (xs[i] > xs[i - 1] && (gap == 0 || xs[i] - xs[i - 1] < gap)) gap = xs[i] - xs[i - 1];
  TimeUs step = nice_time_step(x_low, x_high, kXTicks);
  if (gap > step) step = nice_time_step(0, gap - 1, 1);
  for (const TimeUs tick : time_ticks(x_low, x_high, step))
    append_x_label(out, x(static_cast<double>(tick)), format_time_tick(tick, step, x_high - x_low));
  for (size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& series = chart.series[i];
    if (series.points.empty()) continue;
    const std::string_view colour = series_colour(chart, i);
    out += fmt::format(R"(<g class="series" stroke="{}" fill="{}"><title>)", colour, colour);
    append_html_escaped(out, series.label);
    out += "</title>";
    if (series.points.size() > 1) {
      out += "<polyline fill=\"none\" points=\"";
      for (size_t p = 0; p < series.points.size(); ++p) {
        if (p > 0) out += ' ';
        out += format_coordinate(x(static_cast<double>(series.points[p].x)));
        out += ',';
        out += format_coordinate(y(series.points[p].y));
      }
      out += "\"/>";
    }
    if (series.points.size() <= kMarkedPoints) {
      for (const ChartPoint& point : series.points)
        out += fmt::format(R"(<circle cx="{}" cy="{}" r="2.5"/>)", format_coordinate(x(static_cast<double>(point.x))),
                           format_coordinate(y(point.y)));
    }
    out += "</g>\n";
  }
  out += "</svg>\n";
}

void append_histogram_svg(std::string& out, const Histogram& histogram) {
  open_svg(out, histogram.title);
  uint64_t most = 0;
  for (const HistogramBin& bin : histogram.bins) most = std::max(most, bin.count);
  const LinearScale y = append_y_axis(out, 0, static_cast<double>(most), true);
  out += fmt::format(R"(<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>)", format_coordinate(kLeft),
                     format_coordinate(kPlotRight), format_coordinate(kPlotBottom), format_coordinate(kPlotBottom));
  out += '\n';
  if (histogram.bins.empty()) {
    append_empty_note(out);
    out += "</svg>\n";
    return;
  }
  const double slot = (kPlotRight - kLeft) / static_cast<double>(histogram.bins.size());
  // About six labels under the bars, on bin edges.
  const size_t label_every = std::max<size_t>(1, (histogram.bins.size() + 5) / 6);
  for (size_t i = 0; i < histogram.bins.size(); ++i) {
    const HistogramBin& bin = histogram.bins[i];
    const double left = kLeft + slot * static_cast<double>(i);
    const double top = y(static_cast<double>(bin.count));
    const std::string range =
        bin.open ? "≥ " + format_number(bin.low) : format_number(bin.low) + " to " + format_number(bin.high);
    out += fmt::format(R"(<rect class="bar{}" x="{}" y="{}" width="{}" height="{}"><title>)", bin.open ? " open" : "",
                       format_coordinate(left + 1), format_coordinate(top), format_coordinate(slot - 2),
                       format_coordinate(kPlotBottom - top));
    append_html_escaped(out, fmt::format("{}: {}", range, bin.count));
    out += "</title></rect>\n";
    if (i % label_every == 0)
      append_x_label(out, left, bin.open ? "≥" + format_tick_number(bin.low) : format_tick_number(bin.low));
  }
  out += "</svg>\n";
}

}  // namespace ss
