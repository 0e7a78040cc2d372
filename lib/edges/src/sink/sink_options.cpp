#include "ss/sink/sink_options.hpp"

#include <CLI/CLI.hpp>

#include "ss/base/error.hpp"
#include "ss/expr/expression.hpp"
#include "ss/kafka/kafka_uri.hpp"
#include "ss/sink/pg_connection.hpp"
#include "ss/time/duration.hpp"

namespace ss {

void add_sink_flags(CLI::App& app, SinkOptions& options, SinkFlagText& text) {
  add_input_flags(app, options.stream, text.stream, "records");
  app.add_option("--to", text.to,
                 "Destination: - (stdout), file:TEMPLATE (strftime fields and {field} placeholders; .zst compresses), "
                 "sqlite:PATH, postgresql://URI (also postgres://), pg:CONNINFO (a libpq key=value string; the "
                 "password from PGPASSWORD or ~/.pgpass), kafka://HOST:PORT[,HOST:PORT...]/TOPIC (a message per "
                 "record), prom:FILE (Prometheus textfile) or prom-http:[HOST]:PORT (serves /metrics until SIGTERM)")
      ->default_str("-");
  app.add_option("--format", text.format, "Record layout on stdout and in files: ndjson, csv or tsv (with a header)")
      ->default_str("ndjson");
  app.add_option("--table", options.table,
                 "SQLite or PostgreSQL table to write (required with sqlite:, postgresql: and pg:)");
  app.add_option("--schema", options.schema,
                 "SQLite or PostgreSQL column definitions for a new table, e.g. 'user TEXT, n INTEGER' (default: from "
                 "the records; "
                 "fields without a column are then dropped)");
  app.add_option("--id", text.id,
                 "SQLite or PostgreSQL upsert key: a record replaces the row with the same value (default: session_id "
                 "when the first "
                 "record has it)");
  app.add_option(
      "--id-expr", options.id_expr,
      "SQLite or PostgreSQL: compute the upsert key of each record with this expression (ss-expr(7)) into the --id "
      "column (default name: id), e.g. 'user + \"/\" + string(start)'");
  app.add_option(
      "--key", text.key,
      "Kafka: the top-level field whose value keys each message, placed by Kafka's default partitioner (murmur2, "
      "the hash the tools shard by) (default: messages without a key)");
  app.add_flag("--no-id", options.no_id, "SQLite or PostgreSQL: always append, even when records have session_id");
  add_prom_flags(app, options.prom, text.prom);
  app.add_option("--batch-size", options.batch_size, "Records buffered before they are written to the destination")
      ->default_str("10000");
  app.add_option("--batch-interval", text.batch_interval,
                 "Longest time a record is buffered before it is written (processing time)")
      ->default_str("1s");
  app.add_option(
      "--max-bytes", text.max_bytes,
      "Files: start a new part once a part holds this many bytes of records, e.g. 128MiB (default: no limit)");
  app.add_option("--max-records", options.max_records,
                 "Files: start a new part once a part holds this many records (default: no limit)");
  app.add_option("--max-open-files", options.max_open_files,
                 "Files: most parts open at once; past it the least recently written one is closed until its "
                 "next record")
      ->default_str("256");
  app.add_option("--zstd-level", options.zstd_level, "Files ending in .zst: zstd compression level (1-19)")
      ->default_str("3");
  app.add_option("--time-field", text.time_field,
                 "Field holding a record's time for the strftime fields of file: (default: ts, else start, else "
                 "window_start)");
  app.add_option("--time-unit", text.stream.time_unit, "Unit of numeric times: auto (by magnitude), s, ms, us or ns")
      ->default_str("auto");
  // --state and --name are the shared flags' names with the sink's meaning; the sink
  // keeps no snapshot, so --reset-state and --flush have nothing to act on.
  app.add_option("--state", options.stream.state_dir,
                 "State directory shared by the pipeline: commit at each checkpoint barrier, write COMMITTED, and at "
                 "start remove output that was not committed");
  app.add_option("--name", options.stream.stage_name,
                 "Stage name recorded with SQLite commits, when two sinks share a database (default: sink)");
  add_diagnostic_flags(app, options.stream, text.stream, "records");
}

void finish_sink_options(const SinkFlagText& text, SinkOptions& options) {
  finish_stream_options(text.stream, options.stream);

  const std::string& to = text.to;
  if (to == "-" || to == "stdout") {
    options.kind = DestinationKind::standard_output;
  } else if (to.rfind("file:", 0) == 0) {
    options.kind = DestinationKind::file;
    options.target = to.substr(5);
  } else if (to.rfind("sqlite:", 0) == 0) {
    options.kind = DestinationKind::sqlite;
    options.target = to.substr(7);
  } else if (to.rfind("postgresql://", 0) == 0 || to.rfind("postgres://", 0) == 0) {
    options.kind = DestinationKind::postgresql;
    options.target = to;
  } else if (to.rfind("pg:", 0) == 0) {
    options.kind = DestinationKind::postgresql;
    options.target = to.substr(3);
  } else if (is_kafka_uri(to)) {
    options.kind = DestinationKind::kafka;
    options.kafka = parse_kafka_uri(to, "--to");
    options.target = to;
  } else if (to.rfind("prom:", 0) == 0) {
    options.kind = DestinationKind::prometheus_file;
    options.target = to.substr(5);
  } else if (to.rfind("prom-http:", 0) == 0) {
    options.kind = DestinationKind::prometheus_http;
    options.target = to.substr(10);
    parse_listen_address(options.target, options.prom);
  } else {
    throw_usage(
        "--to: expected -, file:TEMPLATE, sqlite:PATH, postgresql://URI, pg:CONNINFO, kafka://HOST:PORT/TOPIC, "
        "prom:FILE or prom-http:[HOST]:PORT, got \"" +
        to + "\"");
  }
  if (!text.key.empty()) {
    if (options.kind != DestinationKind::kafka) throw_usage("--key needs --to kafka://...");
    options.kafka_key = FieldPath(text.key);
    if (options.kafka_key->segments().size() != 1 || text.key.find(',') != std::string::npos)
      throw_usage("--key: expected one top-level field, got \"" + text.key + "\"");
  }

  if (options.kind != DestinationKind::standard_output && options.target.empty())
    throw_usage("--to: " + to + " names no path");

  if (text.format == "ndjson" || text.format == "json") options.format = RecordFormat::ndjson;
  else if (text.format == "csv") options.format = RecordFormat::csv;
  else if (text.format == "tsv") options.format = RecordFormat::tsv;
  else throw_usage("--format: expected ndjson, csv or tsv, got \"" + text.format + "\"");

  if (options.kind == DestinationKind::postgresql) PgConnection::check_conninfo(options.target);
  const bool prometheus =
      options.kind == DestinationKind::prometheus_file || options.kind == DestinationKind::prometheus_http;
  finish_prom_settings(text.prom, options.prom, prometheus);
  if (options.kind == DestinationKind::prometheus_file && options.prom.timestamps)
    throw_usage(
        "--timestamps needs --to prom-http:[HOST]:PORT: node_exporter's textfile collector refuses a file "
        "whose samples have timestamps");
  if (prometheus && options.format != RecordFormat::ndjson)
    throw_usage("--format applies to stdout and files; Prometheus has its own format");
  const bool sqlite = options.writes_table();
  if (options.kind == DestinationKind::kafka && options.format != RecordFormat::ndjson)
    throw_usage("--format applies to stdout and files; Kafka messages are the records' NDJSON lines");
  if (sqlite && options.format != RecordFormat::ndjson)
    throw_usage("--format applies to stdout and files; SQLite rows have columns");
  if (sqlite && options.table.empty())
    throw_usage(options.kind == DestinationKind::sqlite ? "--table is required with --to sqlite:PATH"
                                                        : "--table is required with --to " + to);
  if (!sqlite) {
    if (!options.table.empty()) throw_usage("--table needs --to sqlite:PATH");
    if (!options.schema.empty()) throw_usage("--schema needs --to sqlite:PATH");
    if (!text.id.empty() || options.no_id || !options.id_expr.empty())
      throw_usage("--id, --id-expr and --no-id need --to sqlite:PATH");
  }
  if (!options.id_expr.empty()) {
    if (options.no_id) throw_usage("--id-expr and --no-id exclude each other");
    Expression::compile(options.id_expr, "--id-expr");  // exit 2 before any input is read
    if (text.id.empty()) options.id = FieldPath("id");
  }
  if (!text.id.empty()) {
    if (options.no_id) throw_usage("--id and --no-id exclude each other");
    options.id = FieldPath(text.id);
    if (options.id->segments().size() != 1)
      throw_usage("--id: expected a top-level field (a column), got \"" + text.id + "\"");
  }

  if (text.time_field.empty()) {
    options.time_fields = {FieldPath("ts"), FieldPath("start"), FieldPath("window_start")};
  } else {
    options.time_fields = {FieldPath(text.time_field)};
  }

  if (options.batch_size == 0) throw_usage("--batch-size: must be greater than zero");
  options.batch_interval = positive_duration(text.batch_interval, "--batch-interval", "1s or 250ms");

  const bool files = options.kind == DestinationKind::file;
  if (!text.max_bytes.empty()) {
    if (!files) throw_usage("--max-bytes needs --to file:TEMPLATE");
    options.max_bytes = parse_byte_size(text.max_bytes, "--max-bytes");
  }
  if (options.max_records > 0 && !files) throw_usage("--max-records needs --to file:TEMPLATE");
  if (options.max_open_files == 0) throw_usage("--max-open-files: must be greater than zero");
  if (options.zstd_level < 1 || options.zstd_level > 19)
    throw_usage("--zstd-level: expected 1 to 19, got " + std::to_string(options.zstd_level));
}

}  // namespace ss
