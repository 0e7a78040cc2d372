#include <CLI/CLI.hpp>

#include "ss/report/report_options.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "support/parse_flags.hpp"

using ss::ReportFlagText;
using ss::ReportOptions;

namespace {

ReportOptions parse(std::vector<std::string> args) {
  CLI::App app{"test", "ss-report"};
  ReportOptions options;
  ReportFlagText text;
  ss::add_report_flags(app, options, text);
  ss::test::parse_flags(app, "ss-report", std::move(args));
  ss::finish_report_options(text, options);
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

TEST_CASE("ss-report flags default to detected fields, ten keys and stdout", "[report]") {
  const ReportOptions options = parse({});
  CHECK(options.title == "ss-report");
  CHECK(options.fields.empty());
  CHECK_FALSE(options.by);
  CHECK(options.stream.key.empty());
  CHECK(options.top == 10);
  CHECK(options.output.empty());
}

TEST_CASE("ss-report flags take fields, a ranking field, keys and an output file", "[report]") {
  const ReportOptions options =
      parse({"--fields", "n,p99", "--by", "n", "--key", "route,status", "--top", "3", "-o", "page.html", "in.ndjson"});
  REQUIRE(options.fields.size() == 2);
  CHECK(options.fields[1].text() == "p99");
  CHECK(options.by->text() == "n");
  CHECK(options.stream.key.size() == 2);
  CHECK(options.top == 3);
  CHECK(options.output == "page.html");
  CHECK(options.stream.inputs == std::vector<std::string>{"in.ndjson"});
  CHECK(parse({"--output", "-"}).output.empty());
}

TEST_CASE("ss-report refuses a zero top and empty field names", "[report]") {
  CHECK_THAT(usage_error({"--top", "0"}), Catch::Contains("--top"));
  CHECK_THAT(usage_error({"--fields", "n,,x"}), Catch::Contains("--fields"));
}
