// The latest value of each Prometheus series, and its text exposition (format 0.0.4):
// families sorted by metric name, each with one HELP and one TYPE line and then all
// its samples, sorted by their label text; a family without series is left out.
// Not thread-safe: the HTTP destination guards it with a mutex.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ss/sink/prom_sample.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

class PromExposition {
 public:
  /// Makes each sample the value of its series (the later of two samples of one
  /// series wins), as updated at `now` (processing time).
  void apply(const std::vector<PromSample>& samples, TimeUs now);
  /// Drops the series not updated after `now - ttl`; `ttl` 0 keeps every series.
  void expire(TimeUs now, TimeUs ttl);
  /// Appends the exposition of every series to `out`.
  void render(std::string& out) const;
  size_t series() const { return series_; }

 private:
  struct Series {
    std::string value;
    int64_t timestamp_ms = kNoPromTimestamp;
    TimeUs updated = 0;
  };
  struct Family {
    const PromMetric* metric = nullptr;                 ///< the first metric of this name: its type and HELP
    std::map<std::string, Series, std::less<>> series;  ///< by label text
  };

  std::map<std::string, Family, std::less<>> families_;  ///< by metric name
  size_t series_ = 0;
};

}  // namespace ss
