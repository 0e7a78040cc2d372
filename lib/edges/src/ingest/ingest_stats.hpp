// What ss-ingest counts per format, and what it says about the counts at the end of a
// run: --stats, the lines --unmatched skip left out, and the refusal of a run whose
// every line was bad (a wrong --format).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ss/op/diagnostics.hpp"

namespace ss {

/// What --stats prints for one format.
struct FormatCounts {
  uint64_t lines = 0;   ///< non-empty lines read
  uint64_t events = 0;  ///< events written
  uint64_t bad = 0;
  uint64_t skipped = 0;      ///< header rows, blank lines, lines --unmatched skip left out
  uint64_t unmatched = 0;    ///< of the skipped: regex lines that did not match (--unmatched skip)
  uint64_t lenient = 0;      ///< of the events: read only by a lenient rule (RFC 5424 structured data)
  uint64_t other_shard = 0;  ///< events of other shards (--shard)
  uint64_t filtered = 0;     ///< events left out by --where
  uint64_t bytes = 0;        ///< input bytes, line terminators included
  uint64_t joined = 0;       ///< of the lines: those joined to the line before into one record (traces, CSV)
  uint64_t cut = 0;          ///< records cut at --max-record-lines or --max-line
};

class IngestStats {
 public:
  /// The counts of `format`, made (zero) on its first use.
  FormatCounts& counts_for(const std::string& format);
  /// Counts per format, in the order the formats were first used.
  const std::vector<std::pair<std::string, FormatCounts>>& counts() const { return counts_; }
  /// Adds events put more than a day after the clock by an inferred year.
  void add_future_times(uint64_t n) { future_times_ += n; }

  /// The --stats lines on stderr; `shard` and `where` say whether --shard and --where
  /// were given (their counts are shown only then).
  void print(bool shard, bool where) const;
  /// The notes of the end of a run on stderr: lines --unmatched skip left out, and
  /// (through `diagnostics`) events an inferred year put in the future.
  void print_notes(Diagnostics& diagnostics) const;
  /// Throws ss::Error(data) when every record read was bad or skipped and at least one
  /// was bad: the format is most likely wrong.
  void check_not_all_bad() const;

 private:
  std::vector<std::pair<std::string, FormatCounts>> counts_;
  uint64_t future_times_ = 0;  ///< year-less times put more than a day after the clock
};

}  // namespace ss
