#include "ingest_stats.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"

namespace ss {

FormatCounts& IngestStats::counts_for(const std::string& format) {
  for (auto& [name, counts] : counts_)
    if (name == format) return counts;
  counts_.emplace_back(format, FormatCounts{});
  return counts_.back().second;
}

void IngestStats::print(bool shard, bool where) const {
  for (const auto& [format, c] : counts_) {
    std::string text = fmt::format("{}: stats: {}: {} lines, {} events, {} bad, {} skipped", tool_name(), format,
                                   c.lines, c.events, c.bad, c.skipped);
    if (c.joined > 0) text += fmt::format(", {} lines joined into multi-line records", c.joined);
    if (c.cut > 0) text += fmt::format(", {} records cut at --max-record-lines or --max-line", c.cut);
    if (shard) text += fmt::format(", {} in other shards", c.other_shard);
    if (where) text += fmt::format(", {} left out by --where", c.filtered);
    if (c.lenient > 0) text += fmt::format(", {} lenient", c.lenient);
    text += fmt::format(", {} bytes\n", c.bytes);
    fmt::print(stderr, "{}", text);
  }
}

void IngestStats::print_notes(Diagnostics& diagnostics) const {
  for (const auto& [format, c] : counts_)
    if (c.unmatched > 0)
      fmt::print(stderr, "{}: {} lines did not match the pattern and were skipped (--unmatched skip)\n", tool_name(),
                 c.unmatched);
  if (future_times_ > 0)
    diagnostics.warn(
        fmt::format("{} events were put more than a day after the clock by the year given to times "
                    "written without one: give the right --year",
                    future_times_));
}

void IngestStats::check_not_all_bad() const {
  uint64_t lines = 0, bad = 0, skipped = 0, events = 0;
  for (const auto& [format, c] : counts_) {
    lines += c.lines - c.joined;  // records
    bad += c.bad;
    skipped += c.skipped;
    events += c.events + c.filtered + c.other_shard;
  }
  if (bad > 0 && events == 0 && bad + skipped == lines) {
    std::string formats;
    for (const auto& [format, c] : counts_) formats += (formats.empty() ? "" : ", ") + format;
    throw_data(fmt::format("all {} lines were bad: is --format {} right?", bad, formats));
  }
}

}  // namespace ss
