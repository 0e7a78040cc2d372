#include <CLI/CLI.hpp>

#include "ss/sink/sink_options.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "support/parse_flags.hpp"

using ss::DestinationKind;
using ss::SinkFlagText;
using ss::SinkOptions;

namespace {

SinkOptions parse(std::vector<std::string> args) {
  CLI::App app{"test", "ss-sink"};
  SinkOptions options;
  SinkFlagText text;
  ss::add_sink_flags(app, options, text);
  ss::test::parse_flags(app, "ss-sink", std::move(args));
  ss::finish_sink_options(text, options);
  return options;
}

std::string usage_error(std::vector<std::string> args) {
  try {
    parse(std::move(args));
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::usage);
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("ss-sink flags default to NDJSON on stdout", "[sink][options]") {
  const SinkOptions o = parse({});
  CHECK(o.kind == DestinationKind::standard_output);
  CHECK(o.format == ss::RecordFormat::ndjson);
  CHECK(o.batch_size == 10000);
  CHECK(o.batch_interval == 1000000);
  REQUIRE(o.time_fields.size() == 3);
  CHECK(o.time_fields[1].text() == "start");
  CHECK(o.stage() == "sink");
  CHECK_FALSE(o.has_state());
}

TEST_CASE("ss-sink flags name the destination and its settings", "[sink][options]") {
  SinkOptions o = parse({"--to", "sqlite:out.db", "--table", "sessions", "--id", "sid", "--state", "st",
                         "--batch-interval", "250ms", "--name", "sink2"});
  CHECK(o.kind == DestinationKind::sqlite);
  CHECK(o.target == "out.db");
  REQUIRE(o.id);
  CHECK(o.id->text() == "sid");
  CHECK(o.batch_interval == 250000);
  CHECK(o.stage() == "sink2");
  CHECK(o.has_state());

  o = parse({"--to", "file:out/%Y/p.csv", "--format", "csv", "--max-bytes", "1MiB", "--max-records", "10",
             "--time-field", "when"});
  CHECK(o.kind == DestinationKind::file);
  CHECK(o.target == "out/%Y/p.csv");
  CHECK(o.format == ss::RecordFormat::csv);
  CHECK(o.max_bytes == 1u << 20);
  CHECK(o.max_records == 10);
  REQUIRE(o.time_fields.size() == 1);
  CHECK(o.time_fields[0].text() == "when");
}

TEST_CASE("ss-sink refuses flags that do not fit the destination", "[sink][options]") {
  CHECK(usage_error({"--to", "kafka:x"}) ==
        "--to: expected -, file:TEMPLATE, sqlite:PATH, postgresql://URI, pg:CONNINFO, kafka://HOST:PORT/TOPIC, "
        "prom:FILE or prom-http:[HOST]:PORT, got \"kafka:x\"");
  CHECK(usage_error({"--to", "file:"}) == "--to: file: names no path");
  CHECK(usage_error({"--to", "prom:m.prom", "--timestamps"}) ==
        "--timestamps needs --to prom-http:[HOST]:PORT: node_exporter's textfile collector refuses a file whose "
        "samples have timestamps");
  CHECK(usage_error({"--to", "sqlite:x.db"}) == "--table is required with --to sqlite:PATH");
  CHECK(usage_error({"--table", "t"}) == "--table needs --to sqlite:PATH");
  CHECK(usage_error({"--to", "sqlite:x.db", "--table", "t", "--format", "csv"}) ==
        "--format applies to stdout and files; SQLite rows have columns");
  CHECK(usage_error({"--format", "xml"}) == "--format: expected ndjson, csv or tsv, got \"xml\"");
  CHECK(usage_error({"--to", "sqlite:x.db", "--table", "t", "--id", "a", "--no-id"}) ==
        "--id and --no-id exclude each other");
  CHECK(usage_error({"--to", "sqlite:x.db", "--table", "t", "--id", "a.b"}) ==
        "--id: expected a top-level field (a column), got \"a.b\"");
  CHECK(usage_error({"--max-bytes", "1MiB"}) == "--max-bytes needs --to file:TEMPLATE");
  CHECK(usage_error({"--batch-interval", "soon"}) ==
        "--batch-interval: expected a positive duration such as 1s or 250ms, got \"soon\"");
  CHECK(usage_error({"--batch-size", "0"}) == "--batch-size: must be greater than zero");
  CHECK(usage_error({"--to", "file:x", "--zstd-level", "30"}) == "--zstd-level: expected 1 to 19, got 30");
}

TEST_CASE("PostgreSQL URIs and conninfo strings name a PostgreSQL destination", "[sink]") {
  const SinkOptions uri = parse({"--to", "postgresql://db.example/logs?sslmode=require", "--table", "t"});
  CHECK(uri.kind == DestinationKind::postgresql);
  CHECK(uri.target == "postgresql://db.example/logs?sslmode=require");
  const SinkOptions short_uri = parse({"--to", "postgres://u@db.example/logs", "--table", "t"});
  CHECK(short_uri.kind == DestinationKind::postgresql);
  CHECK(short_uri.target == "postgres://u@db.example/logs");
  const SinkOptions conninfo = parse({"--to", "pg:host=/run/pg dbname=logs", "--table", "t", "--id", "k"});
  CHECK(conninfo.kind == DestinationKind::postgresql);
  CHECK(conninfo.target == "host=/run/pg dbname=logs");
  CHECK(conninfo.id->text() == "k");
}

TEST_CASE("A PostgreSQL connection string with a password is a usage error", "[sink]") {
  CHECK(usage_error({"--to", "postgresql://u:secret@db.example/logs", "--table", "t"}).find("holds a password") !=
        std::string::npos);
  CHECK(
      usage_error({"--to", "postgresql://db.example/logs?password=secret", "--table", "t"}).find("holds a password") !=
      std::string::npos);
  CHECK(usage_error({"--to", "pg:host=db password=secret", "--table", "t"}).find("PGPASSWORD") != std::string::npos);
}

TEST_CASE("A PostgreSQL destination needs a table and a readable connection string", "[sink]") {
  CHECK(usage_error({"--to", "postgresql://db.example/logs"}) ==
        "--table is required with --to postgresql://db.example/logs");
  CHECK(usage_error({"--to", "pg:host=db dbname", "--table", "t"}).find("not a PostgreSQL connection string") !=
        std::string::npos);
  CHECK(usage_error({"--to", "postgresql://db.example/logs", "--table", "t", "--format", "csv"}) != "accepted");
}
