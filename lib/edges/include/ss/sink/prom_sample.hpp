// What the Prometheus destinations take from a row: samples of metrics. A metric is
// made once per field name and never changed after, so the HTTP server thread may
// read it while the sink thread makes others.
#pragma once

#include <cstdint>
#include <string>

namespace ss {

struct PromMetric {
  std::string name;  ///< the sanitised metric name, prefix included
  bool counter = false;
  std::string help;  ///< unescaped HELP text
};

inline constexpr int64_t kNoPromTimestamp = INT64_MIN;

struct PromSample {
  const PromMetric* metric = nullptr;
  std::string labels;  ///< rendered, sorted by name: `{a="x",b="y"}`, or empty
  std::string value;   ///< the number's JSON text, which Prometheus reads as a float
  int64_t timestamp_ms = kNoPromTimestamp;
};

}  // namespace ss
