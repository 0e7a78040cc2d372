#include "ss/window/partial_merger.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/time/duration.hpp"
#include "ss/window/window_assigner.hpp"
#include "ss/window/window_record.hpp"

namespace ss {

PartialMerger::PartialMerger(const WindowOptions& options)
    : options_(options), keys_(options.stream.key), plan_(options.aggs) {}

PartialResult PartialMerger::bad(std::string reason) {
  bad_reason_ = std::move(reason);
  return PartialResult::bad;
}

void PartialMerger::check_window(int64_t start, int64_t end) const {
  if (options_.size == 0) return;  // no window flags given: take the partials' windows
  const WindowAssigner windows(options_.size, options_.slide, options_.offset);
  const int64_t k = windows.last_window_starting_by(start);
  if (windows.window_start(k) != start || windows.window_end(k) != end) {
    std::string window = "[" + format_rfc3339(start) + ", " + format_rfc3339(end) + ")";
    throw_usage("partial for window " + window +
                " does not fit the windows given (--tumble, --size, --slide, --offset)");
  }
}

void PartialMerger::check_key(std::string_view key) const {
  // A canonical key holds one value per key field, joined by a separator byte.
  const size_t values = key.empty() ? 0 : static_cast<size_t>(std::count(key.begin(), key.end(), kKeySeparator)) + 1;
  if (values != keys_.fields().size())
    throw_usage(
        fmt::format("partial with {} key values, but --key names {} fields: give --merge the --key of the "
                    "--partial runs",
                    values, keys_.fields().size()));
}

PartialResult PartialMerger::add(std::string_view line) {
  SnapshotValue doc;
  try {
    doc = parser_.parse(line, "partial");
  } catch (const Error&) {
    return bad("not valid JSON");
  }
  const std::optional<SnapshotValue> tag = doc.is_object() ? doc.find("partial") : std::nullopt;
  if (!tag || !tag->is_string() || tag->as_string() != "window")
    return bad("not a partial aggregate (ss-window --partial writes them)");
  TimeUs start = 0;
  TimeUs end = 0;
  std::string_view key;
  std::string_view agg;
  SnapshotValue state;
  try {
    start = doc.time("start_us");
    end = doc.time("end_us");
    key = doc.string("key");
    agg = doc.string("agg");
    state = doc["state"];
    if (start >= end) doc["end_us"].fail("is not after start_us");
  } catch (const Error& e) {
    return bad(e.what());
  }
  if (agg != plan_.canonical_text())
    throw_usage(
        fmt::format("partial made with --agg '{}', but this merge has --agg '{}'", agg, plan_.canonical_text()));
  check_key(key);
  check_window(start, end);
  auto it = groups_.find(GroupKey(start, end, key));
  if (it == groups_.end()) {
    // The first partial of a group is loaded as it is, so a group seen once (one shard
    // per key) gives exactly the aggregates of the run that wrote it.
    AggregatorSet aggs(plan_);
    try {
      aggs.load_state(state);
    } catch (const Error& e) {
      return bad(e.what());
    }
    groups_.emplace(GroupKey(start, end, std::string(key)), std::move(aggs));
    return PartialResult::added;
  }
  AggregatorSet other(plan_);
  try {
    other.load_state(state);
  } catch (const Error& e) {
    return bad(e.what());
  }
  it->second.merge(other);
  return PartialResult::added;
}

void PartialMerger::write_results(OutputBuffer& out) {
  for (const auto& [group, aggs] : groups_) {
    const auto& [start, end, key] = group;
    append_window_row(out.buffer(), bounds_, start, end, keys_, key, aggs, std::nullopt);
    out.end_line();
  }
  groups_.clear();
}

}  // namespace ss
