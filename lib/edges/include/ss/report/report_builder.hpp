// Works out a report from rows as a RowReader hands them over: per-key totals for the
// top table, each row's chart values (kept until the end, when the top keys and the
// time range are known), and the session durations and sizes for histograms. It keeps
// a few numbers per row: reports are made of aggregated rows, not of raw events.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/report/report_data.hpp"
#include "ss/report/report_options.hpp"
#include "ss/report/row_reader.hpp"

namespace ss {

class ReportBuilder {
 public:
  /// Lines drawn per chart at most: the top keys, in rank order.
  static constexpr size_t kMaxLines = 8;
  /// Chart points over a session report's time range at most (sessions are counted per step).
  static constexpr int kMaxSessionSteps = 60;
  /// Bins of a histogram at most (and one open bin for values past the 99th percentile).
  static constexpr size_t kHistogramBins = 20;
  /// The label of the line that sums all keys (charts of sessions with several keys).
  static constexpr std::string_view kTotalLabel = "all keys";

  explicit ReportBuilder(const ReportOptions& options);

  /// Adds the reader's current row (after RowReader::next() returned a line).
  void add(RowReader& reader);

  /// The report of every row added. `reader` gives the shape, key fields and control
  /// records; `diagnostics` the bad and filtered lines.
  ReportData finish(const RowReader& reader, const Diagnostics& diagnostics) const;

 private:
  struct KeyTotals {
    std::string key;
    uint64_t rows = 0;
    double sum = 0;
    double max = 0;
    uint64_t values = 0;
  };
  struct StoredRow {
    TimeUs time;
    uint32_t key;
  };

  void choose_fields(RowReader& reader);
  std::vector<uint32_t> rank_keys() const;
  void add_time_charts(ReportData& data, const std::vector<uint32_t>& ranked) const;

  const ReportOptions& options_;
  std::optional<RowShape> shape_;
  std::vector<FieldPath> fields_;  ///< charted over time
  std::optional<FieldPath> by_;    ///< ranks the top table
  FieldPath duration_{"duration"};
  FieldPath events_{"events"};

  std::unordered_map<std::string, uint32_t> key_index_;
  std::vector<KeyTotals> keys_;
  std::vector<StoredRow> rows_;
  std::vector<double> values_;  ///< fields_.size() per row, NaN where missing
  std::vector<double> durations_;
  std::vector<double> sizes_;  ///< events per session
  std::optional<TimeUs> first_;
  std::optional<TimeUs> last_;
};

/// A histogram of `values` with at most `max_bins` bins of a round width from 0 (or the
/// lowest value, when negative) to the 99th percentile, and one open bin past it when
/// values lie beyond. No bins for no values.
std::vector<HistogramBin> make_histogram(std::vector<double> values, size_t max_bins);

}  // namespace ss
