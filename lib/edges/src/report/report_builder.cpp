#include "ss/report/report_builder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "ss/report/chart_scale.hpp"
#include "ss/time/duration.hpp"

namespace ss {

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

bool names_key(const std::vector<std::string>& key_fields, std::string_view name) {
  for (const std::string& key : key_fields)
    if (key == name) return true;
  return false;
}

}  // namespace

ReportBuilder::ReportBuilder(const ReportOptions& options) : options_(options) {}

void ReportBuilder::choose_fields(RowReader& reader) {
  shape_ = reader.shape();
  if (!options_.fields.empty()) {
    fields_ = options_.fields;
  } else if (shape_ == RowShape::sessions) {
    fields_ = {events_};
  } else {
    for (const RecordField& field : reader.fields()) {
      if (field.value.type != ValueType::number || is_shape_member(*shape_, field.name) ||
          names_key(reader.key_fields(), field.name) || field.name.find('.') != std::string_view::npos ||
          field.name.find('"') != std::string_view::npos || field.name.empty())
        continue;
      fields_.emplace_back(field.name);
    }
  }
  if (options_.by) by_ = options_.by;
  else if (shape_ == RowShape::sessions) by_ = events_;
  else if (!fields_.empty()) by_ = fields_.front();
}

void ReportBuilder::add(RowReader& reader) {
  if (!shape_) choose_fields(reader);
  const std::string& key = reader.key();
  auto found = key_index_.find(key);
  if (found == key_index_.end()) {
    found = key_index_.emplace(key, static_cast<uint32_t>(keys_.size())).first;
    keys_.push_back(KeyTotals{key});
  }
  KeyTotals& totals = keys_[found->second];
  ++totals.rows;
  if (by_) {
    if (const std::optional<double> value = reader.number(*by_)) {
      totals.max = totals.values == 0 ? *value : std::max(totals.max, *value);
      totals.sum += *value;
      ++totals.values;
    }
  }
  const TimeUs time = reader.time();
  const TimeUs end = reader.end().value_or(time);
  if (!first_ || time < *first_) first_ = time;
  if (!last_ || std::max(time, end) > *last_) last_ = std::max(time, end);
  if (shape_ == RowShape::totals) return;  // one row per key: nothing to draw over time
  rows_.push_back(StoredRow{time, found->second});
  for (const FieldPath& field : fields_) values_.push_back(reader.number(field).value_or(kMissing));
  if (shape_ == RowShape::sessions) {
    const std::optional<double> duration = reader.number(duration_);
    durations_.push_back(duration ? *duration : static_cast<double>(end - time) / 1e6);
    if (const std::optional<double> size = reader.number(events_)) sizes_.push_back(*size);
  }
}

std::vector<uint32_t> ReportBuilder::rank_keys() const {
  std::vector<uint32_t> ranked(keys_.size());
  for (uint32_t i = 0; i < ranked.size(); ++i) ranked[i] = i;
  const bool by_sum = by_.has_value();
  std::sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
    const KeyTotals& x = keys_[a];
    const KeyTotals& y = keys_[b];
    if (by_sum && x.sum != y.sum) return x.sum > y.sum;
    if (x.rows != y.rows) return x.rows > y.rows;
    return x.key < y.key;
  });
  return ranked;
}

void ReportBuilder::add_time_charts(ReportData& data, const std::vector<uint32_t>& ranked) const {
  if (rows_.empty()) return;
  const size_t lines = std::min({ranked.size(), kMaxLines, options_.top});
  std::vector<int> series_of(keys_.size(), -1);
  for (size_t i = 0; i < lines; ++i) series_of[ranked[i]] = static_cast<int>(i);

  const bool sessions = shape_ == RowShape::sessions;
  TimeUs step = 0;
  TimeUs low = 0;
  TimeUs high = 0;
  if (sessions) {
    low = rows_.front().time;
    high = low;
    for (const StoredRow& row : rows_) {
      low = std::min(low, row.time);
      high = std::max(high, row.time);
    }
    step = nice_time_step(low, high, kMaxSessionSteps);
    low = floor_to_step(low, step);
    high = floor_to_step(high, step);
    data.bucket = step;
  }

  // Chart -1 counts sessions; charts 0.. are the fields. Sessions add up per step, with
  // a zero where a key started none; windows keep each window's last value as it came.
  const int first_chart = sessions ? -1 : 0;
  for (int chart = first_chart; chart < static_cast<int>(fields_.size()); ++chart) {
    // Sessions add up across keys: with several keys, a first line shows them all.
    const bool total = sessions && keys_.size() > 1;
    std::vector<std::map<TimeUs, double>> points(lines + (total ? 1 : 0));
    if (sessions)
      for (auto& line : points)
        for (TimeUs x = low; x <= high; x += step) line[x] = 0;
    const size_t stride = fields_.size();
    for (size_t r = 0; r < rows_.size(); ++r) {
      const int series = series_of[rows_[r].key];
      if (series < 0 && !total) continue;
      const double value = chart < 0 ? 1 : values_[r * stride + static_cast<size_t>(chart)];
      if (std::isnan(value)) continue;
      if (sessions) {
        const TimeUs x = floor_to_step(rows_[r].time, step);
        if (total) points[0][x] += value;
        if (series >= 0) points[static_cast<size_t>(series) + (total ? 1 : 0)][x] += value;
      } else {
        points[static_cast<size_t>(series)][rows_[r].time] = value;
      }
    }
    TimeChart out;
    if (chart < 0) {
      out.title = fmt::format("Sessions started per {}", format_duration(step));
    } else {
      out.field = fields_[static_cast<size_t>(chart)].text();
      out.title = sessions
                      ? fmt::format("{} per {}, summed over the sessions started", out.field, format_duration(step))
                      : fmt::format("{} per window", out.field);
    }
    out.has_total = total;
    for (size_t i = 0; i < points.size(); ++i) {
      ChartSeries series{total && i == 0 ? std::string(kTotalLabel) : keys_[ranked[total ? i - 1 : i]].key, {}};
      for (const auto& [x, y] : points[i]) series.points.push_back(ChartPoint{x, y});
      out.series.push_back(std::move(series));
    }
    data.charts.push_back(std::move(out));
  }
}

ReportData ReportBuilder::finish(const RowReader& reader, const Diagnostics& diagnostics) const {
  ReportData data;
  data.title = options_.title;
  data.shape = shape_;
  data.key_fields = reader.key_fields();
  data.rows = reader.rows();
  data.keys = keys_.size();
  data.bad_lines = diagnostics.bad_lines();
  data.filtered = diagnostics.filtered_events();
  data.first = first_;
  data.last = last_;
  data.control = reader.control();
  if (by_) data.by = by_->text();

  const std::vector<uint32_t> ranked = rank_keys();
  for (size_t i = 0; i < ranked.size() && i < options_.top; ++i) {
    const KeyTotals& totals = keys_[ranked[i]];
    data.top.push_back(TopRow{totals.key, totals.rows, totals.sum, totals.max, totals.values});
  }
  add_time_charts(data, ranked);
  if (shape_ == RowShape::sessions) {
    data.histograms.push_back(Histogram{"Session duration (seconds)", "duration",
                                        make_histogram(durations_, kHistogramBins), durations_.size()});
    data.histograms.push_back(
        Histogram{"Events per session", "events", make_histogram(sizes_, kHistogramBins), sizes_.size()});
  }
  return data;
}

std::vector<HistogramBin> make_histogram(std::vector<double> values, size_t max_bins) {
  std::vector<HistogramBin> bins;
  if (values.empty() || max_bins == 0) return bins;
  std::sort(values.begin(), values.end());
  double low = std::min(0.0, values.front());
  double high = values[(values.size() - 1) * 99 / 100];
  if (high <= low) high = values.back();
  const double width = high > low ? nice_step((high - low) / static_cast<double>(max_bins)) : 1;
  low = std::floor(low / width) * width;
  const auto count = static_cast<size_t>(std::floor((high - low) / width)) + 1;
  for (size_t i = 0; i < count; ++i) {
    const double bin_low = low + static_cast<double>(i) * width;
    bins.push_back(HistogramBin{bin_low, bin_low + width, false, 0});
  }
  const double top = low + static_cast<double>(count) * width;
  if (values.back() >= top) bins.push_back(HistogramBin{top, top, true, 0});
  for (const double value : values) {
    const auto index = static_cast<size_t>(std::floor((value - low) / width));
    bins[std::min(index, bins.size() - 1)].count += 1;
  }
  return bins;
}

}  // namespace ss
