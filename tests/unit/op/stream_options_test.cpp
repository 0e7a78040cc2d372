#include <CLI/CLI.hpp>

#include "ss/op/stream_options.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "support/parse_flags.hpp"

using ss::StreamFlagText;
using ss::StreamOptions;

namespace {

// The usage error's message, or a failure when `f` does not throw one.
std::string usage_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::usage);
    return e.what();
  }
  FAIL("no usage error");
  return {};
}

// A tool's flags, as a tool's main.cpp registers them.
struct FakeTool {
  CLI::App app{"test tool", "ss-test"};
  StreamOptions options;
  StreamFlagText text;

  explicit FakeTool(bool key_required = false) {
    ss::add_input_flags(app, options, text);
    ss::add_time_flags(app, text, "5s");
    ss::add_key_flags(app, text, key_required);
    ss::add_state_flags(app, options, true);
    ss::add_late_flag(app, options);
    ss::add_diagnostic_flags(app, options, text);
  }

  void parse(std::vector<std::string> args) {
    ss::test::parse_flags(app, "ss-test", std::move(args));
    ss::finish_stream_options(text, options);
  }
};

}  // namespace

TEST_CASE("parse_shard reads I/N", "[core][op]") {
  const auto s = ss::parse_shard("2/5");
  CHECK(s.index == 2);
  CHECK(s.count == 5);
  CHECK(ss::parse_shard("0/1").count == 1);
}

TEST_CASE("parse_shard refuses malformed text and an index outside the count", "[core][op]") {
  for (const char* bad :
       {"", "3", "/4", "1/", "a/4", "1/b", "4/4", "5/4", "0/0", "-1/4", "1/-4", "1/4/2", " 1/4", "1 /4", "1.0/4"}) {
    INFO("\"" << bad << "\"");
    CHECK_THAT(usage_error([&] { ss::parse_shard(bad); }), Catch::Contains("--shard"));
  }
}

TEST_CASE("parse_byte_size reads plain bytes and binary and decimal units", "[core][op]") {
  CHECK(ss::parse_byte_size("4096", "--x") == 4096);
  CHECK(ss::parse_byte_size("100B", "--x") == 100);
  CHECK(ss::parse_byte_size("64MiB", "--x") == 64u << 20);
  CHECK(ss::parse_byte_size("64M", "--x") == 64u << 20);
  CHECK(ss::parse_byte_size("10MB", "--x") == 10000000);
  CHECK(ss::parse_byte_size("2KiB", "--x") == 2048);
  CHECK(ss::parse_byte_size("2k", "--x") == 2048);
  CHECK(ss::parse_byte_size("2kB", "--x") == 2000);
  CHECK(ss::parse_byte_size("1GiB", "--x") == size_t{1} << 30);
  CHECK(ss::parse_byte_size("3GB", "--x") == 3000000000u);
}

TEST_CASE("parse_byte_size refuses zero, junk and unknown units naming the flag", "[core][op]") {
  for (const char* bad : {"", "0", "0MiB", "MiB", "-5", "5XB", "5 MiB", "5mib", "1.5MiB", "5MiBs"}) {
    INFO("\"" << bad << "\"");
    CHECK_THAT(usage_error([&] { ss::parse_byte_size(bad, "--max-line"); }), Catch::Contains("--max-line"));
  }
}

TEST_CASE("parse_byte_size refuses sizes that overflow instead of wrapping around", "[core][op]") {
  // 2^34 GiB = 2^64 bytes would wrap to 0 in size_t; 17179869185 GiB to 1 GiB.
  CHECK_THAT(usage_error([] { ss::parse_byte_size("17179869185GiB", "--max-line"); }), Catch::Contains("--max-line"));
}

TEST_CASE("finish_stream_options fills typed options from the flag text", "[core][op]") {
  StreamFlagText text;
  text.time_field = "meta.time";
  text.time_unit = "ms";
  text.lateness = "1m30s";
  text.key = "user,http.status";
  text.shard = "1/3";
  text.max_line = "1MiB";
  StreamOptions options;
  ss::finish_stream_options(text, options);
  CHECK(options.time_field.pointer() == "/meta/time");
  CHECK(options.time_unit == ss::TimeUnit::milliseconds);
  CHECK(options.lateness == 90 * 1000000LL);
  REQUIRE(options.key.size() == 2);
  CHECK(options.key[1].pointer() == "/http/status");
  REQUIRE(options.shard);
  CHECK(options.shard->index == 1);
  CHECK(options.shard->count == 3);
  CHECK(options.max_line_bytes == 1u << 20);
  CHECK_FALSE(options.progress);
}

TEST_CASE("finish_stream_options refuses a bad or negative lateness", "[core][op]") {
  for (const char* bad : {"5x", "soon", "-5s", "1h30"}) {
    StreamFlagText text;
    text.lateness = bad;
    StreamOptions options;
    CHECK_THAT(usage_error([&] { ss::finish_stream_options(text, options); }), Catch::Contains("--lateness"));
  }
}

TEST_CASE("finish_stream_options refuses an unknown time unit", "[core][op]") {
  StreamFlagText text;
  text.time_unit = "minutes";
  StreamOptions options;
  CHECK_THAT(usage_error([&] { ss::finish_stream_options(text, options); }), Catch::Contains("--time-unit"));
}

TEST_CASE("finish_stream_options refuses --shard without --key", "[core][op]") {
  StreamFlagText text;
  text.shard = "0/2";
  StreamOptions options;
  CHECK_THAT(usage_error([&] { ss::finish_stream_options(text, options); }), Catch::Contains("--key"));
}

TEST_CASE("finish_stream_options refuses --flush and --reset-state without --state", "[core][op]") {
  {
    StreamFlagText text;
    StreamOptions options;
    options.flush = true;
    CHECK_THAT(usage_error([&] { ss::finish_stream_options(text, options); }), Catch::Contains("--flush"));
  }
  {
    StreamFlagText text;
    StreamOptions options;
    options.reset_state = true;
    CHECK_THAT(usage_error([&] { ss::finish_stream_options(text, options); }), Catch::Contains("--reset-state"));
  }
  StreamFlagText text;
  StreamOptions options;
  options.flush = true;
  options.reset_state = true;
  options.state_dir = "st";
  CHECK_NOTHROW(ss::finish_stream_options(text, options));
}

TEST_CASE("finish_stream_options refuses --progress with --no-progress", "[core][op]") {
  StreamFlagText text;
  text.progress = true;
  text.no_progress = true;
  StreamOptions options;
  CHECK_THAT(usage_error([&] { ss::finish_stream_options(text, options); }), Catch::Contains("--progress"));
}

TEST_CASE("finish_stream_options refuses an empty key field and an empty time field", "[core][op]") {
  {
    StreamFlagText text;
    text.key = "a,,b";
    StreamOptions options;
    usage_error([&] { ss::finish_stream_options(text, options); });
  }
  StreamFlagText text;
  text.time_field = "";
  StreamOptions options;
  usage_error([&] { ss::finish_stream_options(text, options); });
}

TEST_CASE("The shared flags parse a full command line", "[core][op]") {
  FakeTool tool;
  tool.parse({"--key",         "user",
              "--shard",       "0/4",
              "--time-field",  "when",
              "--time-unit",   "s",
              "--lateness",    "2m",
              "--state",       "st",
              "--name",        "second",
              "--reset-state", "--flush",
              "--late",        "late.ndjson",
              "--bad-lines",   "bad.ndjson",
              "--strict",      "--no-progress",
              "--max-line",    "1KiB",
              "a.ndjson",      "b.ndjson.gz"});
  const StreamOptions& o = tool.options;
  CHECK(o.inputs == std::vector<std::string>{"a.ndjson", "b.ndjson.gz"});
  REQUIRE(o.key.size() == 1);
  CHECK(o.key[0].text() == "user");
  REQUIRE(o.shard);
  CHECK(o.shard->count == 4);
  CHECK(o.time_field.text() == "when");
  CHECK(o.time_unit == ss::TimeUnit::seconds);
  CHECK(o.lateness == 120 * 1000000LL);
  CHECK(o.state_dir == "st");
  CHECK(o.stage_name == "second");
  CHECK(o.reset_state);
  CHECK(o.flush);
  CHECK(o.late_file == "late.ndjson");
  CHECK(o.bad_lines_file == "bad.ndjson");
  CHECK(o.strict);
  CHECK(o.progress == false);
  CHECK(o.max_line_bytes == 1024);
}

TEST_CASE("The shared flags have the documented defaults", "[core][op]") {
  FakeTool tool;
  tool.parse({});
  const StreamOptions& o = tool.options;
  CHECK(o.inputs.empty());
  CHECK(o.key.empty());
  CHECK_FALSE(o.shard);
  CHECK(o.time_field.text() == "ts");
  CHECK(o.time_unit == ss::TimeUnit::automatic);
  CHECK(o.lateness == 5 * 1000000LL);  // the tool's own default
  CHECK(o.state_dir.empty());
  CHECK_FALSE(o.reset_state);
  CHECK_FALSE(o.flush);
  CHECK_FALSE(o.strict);
  CHECK_FALSE(o.progress.has_value());
  CHECK(o.max_line_bytes == 64u << 20);
}

TEST_CASE("The shared flags turn a bad value into a usage error naming the flag", "[core][op]") {
  {
    FakeTool tool;
    CHECK_THAT(usage_error([&] { tool.parse({"--lateness", "5x"}); }), Catch::Contains("--lateness"));
  }
  {
    FakeTool tool;
    CHECK_THAT(usage_error([&] { tool.parse({"--shard", "1/2"}); }), Catch::Contains("--key"));
  }
  {
    FakeTool tool;
    CHECK_THAT(usage_error([&] { tool.parse({"--flush"}); }), Catch::Contains("--state"));
  }
  {
    FakeTool tool;
    CHECK_THAT(usage_error([&] { tool.parse({"--max-line", "0"}); }), Catch::Contains("--max-line"));
  }
}

TEST_CASE("The shared flags reject unknown flags and a missing required key", "[core][op]") {
  {
    FakeTool tool;
    CHECK_THROWS_AS(tool.parse({"--no-such-flag"}), CLI::ParseError);
  }
  FakeTool tool(true);
  CHECK_THROWS_AS(tool.parse({"a.ndjson"}), CLI::RequiredError);
}

TEST_CASE("The shared flags state their defaults in --help", "[core][op]") {
  FakeTool tool;
  const std::string help = tool.app.help();
  for (const char* flag :
       {"--key", "--shard", "--time-field", "--time-unit", "--lateness", "--state", "--name", "--reset-state",
        "--flush", "--late", "--bad-lines", "--strict", "--progress", "--no-progress", "--max-line"}) {
    INFO(flag);
    CHECK_THAT(help, Catch::Contains(flag));
  }
  CHECK_THAT(help, Catch::Contains("64MiB"));
}
