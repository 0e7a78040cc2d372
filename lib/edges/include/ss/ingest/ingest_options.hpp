// Settings of ss-ingest, filled from its flags (add_ingest_flags) and fixed for the life
// of the run: inputs, format and time, transforms, sharding, state and live-mode timing.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ss/ingest/parser_options.hpp"
#include "ss/json/field_path.hpp"
#include "ss/kafka/kafka_uri.hpp"
#include "ss/op/stream_options.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// Barriers every 10 s of processing time unless --checkpoint-interval says otherwise.
inline constexpr const char* kDefaultCheckpointInterval = "10s";

struct IngestOptions {
  /// Inputs, key, shard, state, bad lines, strict, progress (the shared stream flags;
  /// the time fields of StreamOptions are unused: ss-ingest reads times by format).
  StreamOptions stream;
  /// --format (`auto` is resolved per input by sniffing), --time-field, --time-format,
  /// --timezone, --columns, --no-header, --typed.
  ParserOptions parser;
  // Applied in this order to each event: --where (StreamOptions), --set, rename, keep, drop.
  std::vector<std::string> set;                             ///< --set name=EXPR
  std::vector<std::pair<std::string, std::string>> rename;  ///< --rename old=new
  std::vector<std::string> fields;                          ///< --fields (ts always kept)
  std::vector<std::string> drop;                            ///< --drop
  // Records of several lines
  std::string multiline = "auto";  ///< --multiline: off, auto, java, python
  std::string multiline_pattern;   ///< --multiline-pattern: lines it matches continue a record
  size_t max_record_lines = 1000;  ///< --max-record-lines
  TimeUs multiline_timeout = 1'000'000;
  // Live mode
  bool follow = false;
  TimeUs partial_timeout = 0;               ///< 0: a partial last line waits for its newline forever
  TimeUs idle_timeout = 0;                  ///< 0: no watermark records on idle input
  TimeUs checkpoint_interval = 10'000'000;  ///< 0: barriers only at end of input
  TimeUs poll_interval = 200'000;           ///< sleep between looks at idle files
  // Kafka (--from kafka://...): the topic instead of files
  std::optional<KafkaUri> kafka;
  std::optional<Shard> kafka_shard;       ///< --shard with --from: the partitions p with p % N == I
  std::vector<int32_t> kafka_partitions;  ///< --partitions; empty: all (or those of --shard)
  bool until_end = false;                 ///< --until-end: stop at the high-water marks seen at start
  bool message_time = false;              ///< --message-time: a record without a time takes the message's
  bool stats = false;
  /// A missing or unreadable input, or a damaged compressed one, is skipped with a
  /// warning instead of ending the run with exit 1.
  bool skip_unreadable = false;
};

/// Flag text kept until finish_ingest_options() converts it.
struct IngestFlagText {
  StreamFlagText stream;
  std::string columns;
  std::vector<std::string> rename;
  std::string fields;
  std::string drop;
  std::string partial_timeout;
  std::string idle_timeout;
  std::string checkpoint_interval = kDefaultCheckpointInterval;
  std::string poll_interval = "200ms";
  std::string multiline_timeout = "1s";
  std::string year;        ///< --year, checked by finish_ingest_options
  std::string unmatched;   ///< --unmatched, checked by finish_ingest_options
  std::string from;        ///< --from kafka://...
  std::string partitions;  ///< --partitions 0,2,5
  bool no_header = false;
};

/// Registers every ss-ingest flag on `app` (tests parse argv with it).
void add_ingest_flags(CLI::App& app, IngestOptions& options, IngestFlagText& text);
/// Converts and checks the flag text; throws ss::Error(usage) naming the flag (a bad
/// --format, --time-format, --timezone or regex pattern included).
void finish_ingest_options(const IngestFlagText& text, IngestOptions& options);

/// The semantic parameters stored in each snapshot header: format, time settings,
/// columns and transforms. A restart with other values is a state error.
std::string ingest_semantic_params(const IngestOptions& options);

/// The built-in continuation rules --multiline chooses for lines of `format`: whether
/// Java traces and Python tracebacks are joined.
struct TraceRules {
  bool java = false;
  bool python = false;
};
TraceRules trace_rules(const IngestOptions& options, std::string_view format);
/// Whether `format` has a free-text message that lines of a trace can be joined into.
bool takes_joined_lines(std::string_view format);

}  // namespace ss
