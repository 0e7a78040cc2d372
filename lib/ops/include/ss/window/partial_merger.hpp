// --merge: combines partial aggregates (window_record.hpp) written by several --partial
// runs, one per shard say, per window and key, and writes the final rows in window
// order then key order, as one process over the whole input would have written them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "ss/agg/agg_plan.hpp"
#include "ss/agg/aggregator_set.hpp"
#include "ss/io/output_buffer.hpp"
#include "ss/key/key_extractor.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/window/window_options.hpp"
#include "ss/window/window_record.hpp"

namespace ss {

enum class PartialResult {
  added,
  bad,  ///< not a partial record; reason in bad_reason()
};

class PartialMerger {
 public:
  /// Uses options.stream.key (the key field names), options.aggs, and the window flags
  /// when given (size > 0) to check the partials' bounds.
  explicit PartialMerger(const WindowOptions& options);

  /// Combines one partial line. A line that is no partial record is `bad`. Throws
  /// ss::Error(usage) for a partial made with other --agg or --key, or with windows
  /// other than the given ones: every further line would be wrong too.
  PartialResult add(std::string_view line);
  std::string_view bad_reason() const { return bad_reason_; }

  /// Writes every combined window and key as a result row, in (window_start, key)
  /// order, and forgets them.
  void write_results(OutputBuffer& out);

  size_t groups() const noexcept { return groups_.size(); }

 private:
  using GroupKey = std::tuple<int64_t, int64_t, std::string>;  // start, end, canonical key

  PartialResult bad(std::string reason);
  void check_window(int64_t start, int64_t end) const;
  void check_key(std::string_view key) const;

  const WindowOptions options_;
  const KeyExtractor keys_;
  WindowBoundsText bounds_;  ///< the rows' window_start and window_end, per window
  const AggPlan plan_;
  SnapshotRecordParser parser_;
  std::string bad_reason_;
  std::map<GroupKey, AggregatorSet> groups_;
};

}  // namespace ss
