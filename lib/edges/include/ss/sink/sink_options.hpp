// Settings of ss-sink, filled from its flags (add_sink_flags) and fixed for the life of
// the run: where records go (--to), how they are laid out, batching and rotation.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/kafka/kafka_uri.hpp"
#include "ss/op/stream_options.hpp"
#include "ss/sink/prom_settings.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

enum class DestinationKind {
  standard_output,  ///< `-`: records on stdout, at-least-once
  file,             ///< `file:TEMPLATE`: parts renamed into place at each commit
  sqlite,           ///< `sqlite:PATH`: one transaction per checkpoint
  postgresql,       ///< `postgresql://URI`, `postgres://URI`, `pg:CONNINFO`: one transaction per checkpoint
  kafka,            ///< `kafka://HOST:PORT/TOPIC`: one message per record, a transaction per checkpoint
  prometheus_file,  ///< `prom:FILE`: node_exporter textfile, rewritten at each commit
  prometheus_http,  ///< `prom-http:[HOST]:PORT`: GET /metrics
};

enum class RecordFormat { ndjson, csv, tsv };

/// The stage name ss-sink uses in the destination (_ss_sink) without --name.
inline constexpr const char* kSinkStage = "sink";

struct SinkOptions {
  StreamOptions stream;  ///< inputs, --max-line, --state, --name, --bad-lines, --strict, --progress, time unit
  /// Fields tried in order for a record's time (file templates): --time-field, or
  /// `ts`, `start`, `window_start` when it is not given.
  std::vector<FieldPath> time_fields;

  DestinationKind kind = DestinationKind::standard_output;
  std::string target;  ///< the path template or database path after the `file:`/`sqlite:` prefix; the
                       ///< PostgreSQL connection string (a URI whole, a conninfo after `pg:`)
  RecordFormat format = RecordFormat::ndjson;

  // Tables (SQLite, PostgreSQL)
  std::string table;
  std::string schema;           ///< --schema column definitions; empty = from the records
  std::optional<FieldPath> id;  ///< --id; unset = session_id when the first record has it
  std::string id_expr;          ///< --id-expr: the id column's value, computed per record
  bool no_id = false;           ///< --no-id: always append

  // Kafka
  std::optional<KafkaUri> kafka;       ///< --to kafka://...
  std::optional<FieldPath> kafka_key;  ///< --key: the message key; unset: messages without a key
  PromSettings prom;                   ///< prom: and prom-http:

  // Batching and rotation
  size_t batch_size = 10000;
  TimeUs batch_interval = 1000000;
  uint64_t max_bytes = 0;    ///< 0 = no limit
  uint64_t max_records = 0;  ///< 0 = no limit
  size_t max_open_files = 256;
  int zstd_level = 3;

  bool writes_table() const { return kind == DestinationKind::sqlite || kind == DestinationKind::postgresql; }
  bool has_state() const { return !stream.state_dir.empty(); }
  /// The stage name: --name, else "sink".
  std::string stage() const { return stream.stage_name.empty() ? std::string(kSinkStage) : stream.stage_name; }
};

/// Flag text kept until finish_sink_options() converts it.
struct SinkFlagText {
  StreamFlagText stream;
  std::string to = "-";
  std::string format = "ndjson";
  std::string time_field;  ///< empty = the ts, start, window_start chain
  std::string id;
  std::string id_expr;
  std::string key;  ///< --key: the Kafka message key
  std::string batch_interval = "1s";
  std::string max_bytes;
  PromFlagText prom;
};

/// Registers every ss-sink flag on `app` (tests parse argv with it).
void add_sink_flags(CLI::App& app, SinkOptions& options, SinkFlagText& text);
/// Converts and checks the flag text; throws ss::Error(usage) naming the flag.
void finish_sink_options(const SinkFlagText& text, SinkOptions& options);

}  // namespace ss
