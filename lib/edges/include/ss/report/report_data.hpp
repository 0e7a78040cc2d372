// What a report shows, worked out from the rows (ReportBuilder::finish) and drawn by
// render_report_page(): the summary, the top keys, charts over time and histograms.
// Plain data, so tests can check the figures apart from their drawing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ss/report/control_tally.hpp"
#include "ss/report/row_shape.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

struct ChartPoint {
  TimeUs x = 0;
  double y = 0;
};

/// One line of a chart: a key's values in time order.
struct ChartSeries {
  std::string label;
  std::vector<ChartPoint> points;
};

struct TimeChart {
  std::string title;  ///< e.g. "n per window", "sessions started per 5m"
  std::string field;  ///< the field charted; empty for the count of sessions
  /// The first series is the sum over all keys (sessions, when there are several keys).
  bool has_total = false;
  std::vector<ChartSeries> series;
};

struct HistogramBin {
  double low = 0;
  double high = 0;    ///< exclusive; for the last bin of an open range, the lowest value it does not hold
  bool open = false;  ///< the last bin holds everything from `low` up (values past the 99th percentile)
  uint64_t count = 0;
};

struct Histogram {
  std::string title;  ///< e.g. "Session duration (s)"
  std::string field;
  std::vector<HistogramBin> bins;
  uint64_t values = 0;  ///< rows that had the field as a number
};

/// One key of the top table; the figures are over `by` (all zero without it).
struct TopRow {
  std::string key;
  uint64_t rows = 0;
  double sum = 0;
  double max = 0;
  uint64_t values = 0;  ///< rows with `by` as a number (the mean is sum / values)
};

struct ReportData {
  std::string title;
  std::optional<RowShape> shape;  ///< unset when the input held no rows
  std::vector<std::string> key_fields;
  uint64_t rows = 0;
  uint64_t keys = 0;  ///< distinct keys
  uint64_t bad_lines = 0;
  uint64_t filtered = 0;        ///< rows --where left out
  std::optional<TimeUs> first;  ///< earliest row time
  std::optional<TimeUs> last;   ///< latest row end (or time, for rows without one)
  ControlTally control;

  std::string by;  ///< the field ranking the top table; empty = ranked by rows
  std::vector<TopRow> top;
  TimeUs bucket = 0;  ///< sessions: the time covered by one chart point (0 for windows)
  std::vector<TimeChart> charts;
  std::vector<Histogram> histograms;
};

}  // namespace ss
