#include "ss/agg/agg_inputs.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "ss/agg/agg_spec.hpp"
#include "ss/agg/aggregator_set.hpp"
#include "ss/base/error.hpp"
#include "ss/json/event_parser.hpp"

namespace {

std::string results_of(const std::string& agg, const std::vector<std::string>& events) {
  const ss::AggPlan plan(ss::parse_agg_specs(agg));
  ss::AggInputs inputs(plan);
  ss::AggregatorSet set(plan);
  ss::EventParser parser;
  uint64_t seq = 0;
  for (const std::string& e : events) {
    REQUIRE(parser.parse(e) == ss::ParseOutcome::ok);
    inputs.read(parser, static_cast<ss::TimeUs>(seq));
    REQUIRE_FALSE(parser.malformed());
    set.add(inputs.values(), static_cast<ss::TimeUs>(seq), seq);
    ++seq;
  }
  std::string out;
  ss::JsonObjectWriter w(out);
  set.append_results(w);
  w.finish();
  return out;
}

}  // namespace

TEST_CASE("countif and sumif add only the events for which their condition is true", "[agg]") {
  const std::vector<std::string> events = {
      R"({"status":200,"bytes":10,"ms":5})",
      R"({"status":503,"bytes":20,"ms":150})",
      R"({"status":"500","bytes":40,"ms":101})",
      R"({"bytes":80,"ms":200})",
      R"({"status":404,"ms":300})",
  };
  CHECK(results_of("n=count, errors=countif(status >= 500), slow_bytes=sumif(bytes, ms > 100), "
                   "both=countif(status >= 500 and ms > 100)",
                   events) == R"({"n":5,"errors":2,"slow_bytes":140,"both":2})");
  // No event matches: countif is 0 and sumif, like sum, null.
  CHECK(results_of("e=countif(status > 999), s=sumif(bytes, status > 999)", events) == R"({"e":0,"s":null})");
}

TEST_CASE("conditions read nested parentheses, brackets and quotes inside --agg", "[agg]") {
  const auto specs = ss::parse_agg_specs(
      R"x(a=countif(path in ["/a)", "/b,c"] and (lower(x) == 'y)')), b=sumif(bytes, ms > 1), c=count)x");
  REQUIRE(specs.size() == 3);
  CHECK(ss::canonical_agg_text(specs) ==
        R"x(a=countif(((path in ["/a)", "/b,c"]) and (lower(x) == "y)"))),b=sumif(bytes,(ms > 1)),c=count)x");
  // The canonical text parses back to itself, as snapshots compare it.
  CHECK(ss::canonical_agg_text(ss::parse_agg_specs(ss::canonical_agg_text(specs))) == ss::canonical_agg_text(specs));
  const ss::AggPlan plan(specs);
  CHECK(plan.input_count() == 3);  // bytes, ms-condition, path-condition
}

TEST_CASE("a bad countif condition is a usage error naming the function", "[agg]") {
  CHECK_THROWS_WITH(ss::parse_agg_specs("countif(status >=)"),
                    "--agg countif: column 10: expected a value (a field, a literal or a function call), found end of "
                    "expression");
  CHECK_THROWS_WITH(ss::parse_agg_specs("countif(lower(x))"),
                    "--agg countif: needs a condition such as status >= 500, but 'lower(x)' gives a string");
  CHECK_THROWS_WITH(ss::parse_agg_specs("sumif(bytes)"),
                    "--agg 'sumif(bytes)': sumif takes sumif(field, condition) (column 12)");
  CHECK_THROWS_WITH(ss::parse_agg_specs("countif(a > 1"),
                    "--agg 'countif(a > 1': missing ')' after the condition of countif (column 9)");
}
