// Turns a row (a window or session row) into Prometheus samples, by these rules:
//   - labels: the fields named by --label; without it, the string fields other than
//     window_start, window_end, start, end and session_id (time bounds and a per-session
//     id would make a new series for every window or session). Label values are the
//     strings, or the JSON text of numbers and booleans; null, objects and arrays give
//     no label. Labels are sorted by name; of two fields with the same sanitised
//     name, the first in the row wins.
//   - metrics: every other numeric field except the time bounds, named by the field
//     (prom_names.hpp); a gauge, or a counter when --counter names the field.
//     Booleans, strings that are not labels, null, objects and arrays are left out.
//   - timestamp (with --timestamps): window_end, else end, in milliseconds.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ss/json/record_fields.hpp"
#include "ss/sink/prom_sample.hpp"
#include "ss/sink/prom_settings.hpp"

namespace ss {

class PromRowReader {
 public:
  explicit PromRowReader(const PromSettings& settings);

  /// Appends the samples of `record` to `out`; returns how many (0: no numeric field).
  size_t read(const RecordFields& record, std::vector<PromSample>& out);

 private:
  const PromMetric* metric_of(std::string_view field);
  bool is_label(const RecordField& field) const;

  const PromSettings settings_;  // a copy: readers are made from temporaries too
  std::set<std::string, std::less<>> labels_;
  std::set<std::string, std::less<>> counters_;
  std::map<std::string, const PromMetric*, std::less<>> by_field_;
  std::vector<std::unique_ptr<PromMetric>> metrics_;  ///< stable: samples point at them
  std::vector<std::pair<std::string, std::string_view>> row_labels_;
  std::string label_text_;
};

}  // namespace ss
