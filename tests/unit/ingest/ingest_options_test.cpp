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
