#include "ss/sink/prom_row_reader.hpp"

#include <algorithm>

#include "ss/report/row_shape.hpp"
#include "ss/sink/prom_names.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

namespace {

/// Milliseconds since the epoch of RFC 3339 `text` (rounded down), or kNoPromTimestamp.
int64_t milliseconds_of(std::string_view text) {
  TimeUs t;
  if (!parse_rfc3339(text, t)) return kNoPromTimestamp;
  return t >= 0 ? t / 1000 : -((-t + 999) / 1000);
}

}  // namespace

PromRowReader::PromRowReader(const PromSettings& settings)
    : settings_(settings),
      labels_(settings.labels.begin(), settings.labels.end()),
      counters_(settings.counters.begin(), settings.counters.end()) {}

const PromMetric* PromRowReader::metric_of(std::string_view field) {
  if (const auto it = by_field_.find(field); it != by_field_.end()) return it->second;
  auto metric = std::make_unique<PromMetric>();
  metric->counter = counters_.find(field) != counters_.end();
  metric->name = metric_name(settings_.name_prefix, field, metric->counter);
  metric->help = "Field \"" + std::string(field) + "\" of the rows written by ss-sink.";
  const PromMetric* made = metrics_.emplace_back(std::move(metric)).get();
  by_field_.emplace(std::string(field), made);
  return made;
}

bool PromRowReader::is_label(const RecordField& field) const {
  if (!settings_.labels.empty()) return labels_.find(field.name) != labels_.end();
  return field.value.is_string() && !is_row_bound_field(field.name);
}

size_t PromRowReader::read(const RecordFields& record, std::vector<PromSample>& out) {
  row_labels_.clear();
  int64_t window_end_ms = kNoPromTimestamp;
  int64_t end_ms = kNoPromTimestamp;
  for (const RecordField& field : record.fields()) {
    const FieldValue& v = field.value;
    if (settings_.timestamps && v.is_string()) {
      if (field.name == "window_end") window_end_ms = milliseconds_of(v.text);
      else if (field.name == "end") end_ms = milliseconds_of(v.text);
    }
    if (!is_label(field)) continue;
    std::string_view text;
    if (v.type == ValueType::string || v.type == ValueType::number) text = v.text;
    else if (v.type == ValueType::boolean) text = v.boolean ? "true" : "false";
    else continue;
    row_labels_.emplace_back(label_name(field.name), text);
  }
  const int64_t timestamp_ms = window_end_ms != kNoPromTimestamp ? window_end_ms : end_ms;
  std::stable_sort(row_labels_.begin(), row_labels_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  label_text_.clear();
  for (size_t i = 0; i < row_labels_.size(); ++i) {
    if (i > 0 && row_labels_[i].first == row_labels_[i - 1].first) continue;
    label_text_.push_back(label_text_.empty() ? '{' : ',');
    label_text_.append(row_labels_[i].first);
    label_text_.append("=\"");
    append_label_value(label_text_, row_labels_[i].second);
    label_text_.push_back('"');
  }
  if (!label_text_.empty()) label_text_.push_back('}');

  size_t made = 0;
  for (const RecordField& field : record.fields()) {
    if (!field.value.is_number() || is_row_bound_field(field.name) || is_label(field)) continue;
    PromSample& sample = out.emplace_back();
    sample.metric = metric_of(field.name);
    sample.labels = label_text_;
    sample.value.assign(field.value.text);
    sample.timestamp_ms = timestamp_ms;
    ++made;
  }
  return made;
}

}  // namespace ss
