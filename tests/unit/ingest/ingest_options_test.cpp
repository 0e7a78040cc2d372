#include <CLI/CLI.hpp>

#include "ss/ingest/ingest_options.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "support/parse_flags.hpp"

namespace {

ss::IngestOptions parse(std::vector<std::string> args) {
  CLI::App app{"test", "ss-ingest"};
  ss::IngestOptions options;
  ss::IngestFlagText text;
  ss::add_ingest_flags(app, options, text);
  ss::test::parse_flags(app, "ss-ingest", std::move(args));
  ss::finish_ingest_options(text, options);
  return options;
}

ss::ErrorKind error_of(std::vector<std::string> args) {
  try {
    parse(std::move(args));
  } catch (const ss::Error& e) {
    return e.kind();
  }
  return ss::ErrorKind::internal;
}

}  // namespace

TEST_CASE("ss-ingest defaults: auto format, ts, 10 s checkpoints, no live timeouts", "[ingest][options]") {
  const ss::IngestOptions o = parse({"a.log"});
  CHECK(o.parser.format == "auto");
  CHECK(o.parser.time_field == "ts");
  CHECK(o.checkpoint_interval == 10'000'000);
  CHECK(o.partial_timeout == 0);
  CHECK(o.idle_timeout == 0);
  CHECK_FALSE(o.follow);
  CHECK(o.stream.inputs == std::vector<std::string>{"a.log"});
}

TEST_CASE("transform flags are split and kept in order", "[ingest][options]") {
  const ss::IngestOptions o =
      parse({"--rename", "a=b,c=d", "--rename", "e=f", "--fields", "b,d", "--drop", "x", "--columns", "t,v"});
  REQUIRE(o.rename.size() == 3);
  CHECK(o.rename[0] == std::pair<std::string, std::string>{"a", "b"});
  CHECK(o.rename[2] == std::pair<std::string, std::string>{"e", "f"});
  CHECK(o.fields == std::vector<std::string>{"b", "d"});
  CHECK(o.drop == std::vector<std::string>{"x"});
  CHECK(o.parser.columns == std::vector<std::string>{"t", "v"});
  CHECK_FALSE(o.parser.csv_header);
}

TEST_CASE("bad ss-ingest flags are usage errors", "[ingest][options]") {
  CHECK(error_of({"--format", "xml"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--format", "regex:(?<ts>[a-"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--time-format", "%Q"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--timezone", "Mars/Olympus"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--rename", "a"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--drop", "ts"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--key", "user"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--partial-timeout", "1s"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--follow", "--idle-timeout", "soon"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--checkpoint-interval", "-1s"}) == ss::ErrorKind::usage);
}

TEST_CASE("The --year flag takes a four-digit year from 1970 and refuses two digits", "[ingest][options]") {
  CHECK(parse({"--format", "syslog", "--year", "2017"}).parser.syslog_year == 2017);
  CHECK(parse({"--format", "syslog"}).parser.syslog_year == 0);
  for (const char* year : {"17", "0", "0017", "1969", "10000", "2017x"})
    CHECK(error_of({"--format", "syslog", "--year", year}) == ss::ErrorKind::usage);
}

TEST_CASE("the semantic parameters change with the format and the transforms", "[ingest][options]") {
  const std::string a = ss::ingest_semantic_params(parse({"--format", "json"}));
  CHECK(a == ss::ingest_semantic_params(parse({"--format", "json", "--follow"})));
  CHECK(a != ss::ingest_semantic_params(parse({"--format", "logfmt"})));
  CHECK(a != ss::ingest_semantic_params(parse({"--format", "json", "--drop", "x"})));
  CHECK(a != ss::ingest_semantic_params(parse({"--format", "json", "--key", "u", "--shard", "1/2"})));
}

TEST_CASE("With --from, --shard picks partitions and reads no key", "[ingest][kafka]") {
  const ss::IngestOptions o = parse({"--from", "kafka://k1:9092,k2:9092/events", "--format", "json", "--shard", "1/2"});
  REQUIRE(o.kafka);
  CHECK(o.kafka->bootstrap == "k1:9092,k2:9092");
  CHECK(o.kafka->topic == "events");
  REQUIRE(o.kafka_shard);
  CHECK(o.kafka_shard->index == 1);
  CHECK(o.kafka_shard->count == 2);
  CHECK_FALSE(o.stream.shard);  // no key filter on the events
  CHECK_FALSE(o.until_end);
}

TEST_CASE("The --partitions list is sorted and kept once", "[ingest][kafka]") {
  const ss::IngestOptions o =
      parse({"--from", "kafka://k1:9092/events", "--format", "json", "--partitions", "3,0,3", "--until-end"});
  CHECK(o.kafka_partitions == std::vector<int32_t>{0, 3});
  CHECK(o.until_end);
}

TEST_CASE("The partitions of --from belong to the snapshot's parameters", "[ingest][kafka]") {
  const std::string files = ss::ingest_semantic_params(parse({"--format", "json", "a.log"}));
  CHECK(files.find("kafka") == std::string::npos);  // snapshots of file inputs keep matching
  const std::string half =
      ss::ingest_semantic_params(parse({"--from", "kafka://k1:9092/events", "--format", "json", "--shard", "0/2"}));
  const std::string other =
      ss::ingest_semantic_params(parse({"--from", "kafka://k1:9092/events", "--format", "json", "--shard", "1/2"}));
  CHECK(half.find(R"("kafka_topic":"events")") != std::string::npos);
  CHECK(half != other);
  const std::string stamped = ss::ingest_semantic_params(
      parse({"--from", "kafka://k1:9092/events", "--format", "json", "--shard", "0/2", "--message-time"}));
  CHECK(stamped != half);  // the times of events differ
}

TEST_CASE("Kafka flags that do not fit are usage errors", "[ingest][kafka]") {
  CHECK(error_of({"--format", "json", "--partitions", "1"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--format", "json", "--until-end"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--format", "json", "--message-time"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--from", "kafka://k1:9092/events"}) == ss::ErrorKind::usage);  // --format auto
  CHECK(error_of({"--from", "kafka://k1:9092/events", "--format", "csv"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--from", "kafka://k1:9092/events", "--format", "json", "--follow"}) == ss::ErrorKind::usage);
  CHECK(error_of({"--from", "kafka://k1:9092/events", "--format", "log4j", "--multiline", "java"}) ==
        ss::ErrorKind::usage);
  CHECK(error_of({"--from", "kafka://k1:9092/events", "--format", "json", "--skip-unreadable"}) ==
        ss::ErrorKind::usage);
  CHECK(error_of({"--from", "kafka://k1:9092/events", "--format", "json", "--until-end", "--idle-timeout", "5s"}) ==
        ss::ErrorKind::usage);
}
