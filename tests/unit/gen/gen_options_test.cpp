#include <CLI/CLI.hpp>

#include "ss/gen/gen_options.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/time/timestamp.hpp"
#include "support/parse_flags.hpp"

namespace {

/// Parses `args` (without the program name) the way ss-gen does.
ss::GenOptions parse(std::vector<std::string> args) {
  CLI::App app{"test", "ss-gen"};
  ss::GenOptions options;
  ss::add_gen_flags(app, options);
  ss::test::parse_flags(app, "ss-gen", std::move(args));
  ss::validate_gen_options(options);
  return options;
}

bool is_usage_error(const std::vector<std::string>& args) {
  try {
    parse(args);
  } catch (const CLI::ParseError&) {
    return true;
  } catch (const ss::Error& e) {
    return e.kind() == ss::ErrorKind::usage;
  }
  return false;
}

std::string usage_message(const std::vector<std::string>& args) {
  try {
    parse(args);
  } catch (const ss::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("ss-gen defaults are the documented ones", "[gen]") {
  const ss::GenOptions o = parse({});
  CHECK(o.events == 1000);
  CHECK(o.seed == 1);
  CHECK(o.keys == 1000);
  CHECK(o.zipf == 1.1);
  CHECK(o.mean_gap == 30'000'000);
  CHECK(o.mean_break == 2 * 3600'000'000LL);
  CHECK(o.start == *ss::parse_rfc3339("2026-11-01T00:00:00Z"));
  CHECK(o.out_of_order == 0.01);
  CHECK(o.max_delay == 120'000'000);
  CHECK(o.bad_lines == 0);
  CHECK(o.format == ss::GenFormat::json);
  CHECK(o.rate == 0);
}

TEST_CASE("ss-gen flags fill the options", "[gen]") {
  const ss::GenOptions o = parse({"--events",       "5",
                                  "--seed",         "99",
                                  "--keys",         "10",
                                  "--zipf",         "0",
                                  "--mean-gap",     "250ms",
                                  "--mean-break",   "1h30m",
                                  "--start",        "2027-01-02T03:04:05.5+01:00",
                                  "--out-of-order", "0.5",
                                  "--max-delay",    "10s",
                                  "--bad-lines",    "0.25",
                                  "--format",       "combined",
                                  "--rate",         "100"});
  CHECK(o.events == 5);
  CHECK(o.seed == 99);
  CHECK(o.keys == 10);
  CHECK(o.zipf == 0);
  CHECK(o.mean_gap == 250'000);
  CHECK(o.mean_break == 5400'000'000LL);
  CHECK(o.start == *ss::parse_rfc3339("2027-01-02T02:04:05.5Z"));
  CHECK(o.out_of_order == 0.5);
  CHECK(o.max_delay == 10'000'000);
  CHECK(o.bad_lines == 0.25);
  CHECK(o.format == ss::GenFormat::combined);
  CHECK(o.rate == 100);
  CHECK(parse({"-n", "7"}).events == 7);
  CHECK(parse({"--seed", "18446744073709551615"}).seed == UINT64_MAX);
}

TEST_CASE("ss-gen rejects bad flag values as usage errors", "[gen]") {
  CHECK(is_usage_error({"--events", "-1"}));
  CHECK(is_usage_error({"--events", "many"}));
  CHECK(is_usage_error({"--seed", "-3"}));
  CHECK(is_usage_error({"--keys", "0"}));
  CHECK(is_usage_error({"--keys", "20000000"}));
  CHECK(is_usage_error({"--zipf", "-1"}));
  CHECK(is_usage_error({"--mean-gap", "soon"}));
  CHECK(is_usage_error({"--mean-gap", "0s"}));
  CHECK(is_usage_error({"--mean-break", "-5m"}));
  CHECK(is_usage_error({"--mean-break", "36501d"}));
  CHECK(is_usage_error({"--mean-gap", "40000d"}));
  CHECK(is_usage_error({"--start", "yesterday"}));
  CHECK(is_usage_error({"--start", "1969-12-31T23:59:59Z"}));
  CHECK(is_usage_error({"--out-of-order", "1.5"}));
  CHECK(is_usage_error({"--max-delay", "0", "--out-of-order", "0.1"}));
  CHECK(is_usage_error({"--bad-lines", "-0.1"}));
  CHECK(is_usage_error({"--format", "xml"}));
  CHECK(is_usage_error({"--rate", "0"}));
  CHECK(is_usage_error({"--no-such-flag"}));
  CHECK_FALSE(is_usage_error({"--max-delay", "0", "--out-of-order", "0"}));
  CHECK(is_usage_error({"--format", "COMBINED"}));
}

TEST_CASE("ss-gen usage errors name the flag and the value", "[gen]") {
  CHECK(usage_message({"--mean-gap", "soon"}) == "--mean-gap: not a duration: 'soon' (examples: 250ms, 30s, 1h30m)");
  CHECK(usage_message({"--format", "xml"}) == "--format: must be json or combined: 'xml'");
  CHECK(usage_message({"--start", "yesterday"}) == "--start: not an RFC 3339 time: 'yesterday'");
  CHECK(usage_message({"--max-delay", "0", "--out-of-order", "0.1"}) ==
        "--max-delay: must be at least 1ms when --out-of-order is above 0");
}

TEST_CASE("every ss-gen flag states its default in --help", "[gen]") {
  CLI::App app{"test", "ss-gen"};
  ss::GenOptions options;
  ss::add_gen_flags(app, options);
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_name() == "--help") continue;
    INFO(option->get_name());
    CHECK(option->get_description().find("(default") != std::string::npos);
  }
}

TEST_CASE("ss-gen range errors say what is allowed", "[gen]") {
  auto message = [](std::vector<std::string> args) -> std::string {
    try {
      parse(std::move(args));
    } catch (const CLI::ParseError& e) {
      return e.what();
    }
    return "";
  };
  CHECK(message({"--events", "-1"}) == "--events: must not be negative: '-1'");
  CHECK(message({"--keys", "0"}) == "--keys: must be a number from 1 to 10000000: '0'");
  CHECK(message({"--out-of-order", "2"}) == "--out-of-order: must be a number from 0 to 1: '2'");
  CHECK(message({"--rate", "0"}) == "--rate: must be a positive number: '0'");
}
