// Draws a report's charts as inline SVG: line charts over time and histograms. The SVG
// scales to the width of its container (viewBox, width 100%), so a phone shows it whole;
// every label from the data is HTML-escaped.
#pragma once

#include <string>
#include <string_view>

#include "ss/report/report_data.hpp"

namespace ss {

/// The colour of line `index` of `chart`: grey for the total of all keys, then one of
/// ReportBuilder::kMaxLines colours per key in rank order.
std::string_view series_colour(const TimeChart& chart, size_t index);

/// Appends an <svg> drawing `chart`: a line per series over a shared time axis, points
/// marked where they are few. A chart without points draws its axes and says so.
void append_time_chart_svg(std::string& out, const TimeChart& chart);

/// Appends an <svg> drawing `histogram` as bars, one per bin.
void append_histogram_svg(std::string& out, const Histogram& histogram);

}  // namespace ss
