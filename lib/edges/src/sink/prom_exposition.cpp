#include "ss/sink/prom_exposition.hpp"

#include <fmt/format.h>

#include "ss/sink/prom_names.hpp"

namespace ss {

void PromExposition::apply(const std::vector<PromSample>& samples, TimeUs now) {
  for (const PromSample& sample : samples) {
    auto family = families_.find(sample.metric->name);
    if (family == families_.end()) family = families_.emplace(sample.metric->name, Family{sample.metric, {}}).first;
    auto& series = family->second.series;
    auto it = series.find(sample.labels);
    if (it == series.end()) {
      it = series.emplace(sample.labels, Series{}).first;
      ++series_;
    }
    it->second.value = sample.value;
    it->second.timestamp_ms = sample.timestamp_ms;
    it->second.updated = now;
  }
}

void PromExposition::expire(TimeUs now, TimeUs ttl) {
  if (ttl <= 0) return;
  const TimeUs oldest = saturating_sub(now, ttl);
  for (auto family = families_.begin(); family != families_.end();) {
    auto& series = family->second.series;
    for (auto it = series.begin(); it != series.end();) {
      if (it->second.updated <= oldest) {
        it = series.erase(it);
        --series_;
      } else {
        ++it;
      }
    }
    family = series.empty() ? families_.erase(family) : std::next(family);
  }
}

void PromExposition::render(std::string& out) const {
  for (const auto& [name, family] : families_) {
    if (family.series.empty()) continue;
    out.append("# HELP ").append(name).push_back(' ');
    append_help_text(out, family.metric->help);
    out.append("\n# TYPE ").append(name).append(family.metric->counter ? " counter\n" : " gauge\n");
    for (const auto& [labels, series] : family.series) {
      out.append(name).append(labels).push_back(' ');
      out.append(series.value);
      if (series.timestamp_ms != kNoPromTimestamp) fmt::format_to(std::back_inserter(out), " {}", series.timestamp_ms);
      out.push_back('\n');
    }
  }
}

}  // namespace ss
