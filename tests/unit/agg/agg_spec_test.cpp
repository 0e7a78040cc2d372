#include "ss/agg/agg_spec.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "ss/agg/agg_registry.hpp"
#include "ss/base/error.hpp"

using ss::AggSpec;
using ss::parse_agg_specs;

namespace {

// The usage error message of parsing `text`, or "" when it parses.
std::string usage_error(std::string_view text) {
  try {
    parse_agg_specs(text);
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::usage);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a full --agg list parses into names, functions, fields and parameters", "[agg]") {
  const auto specs = parse_agg_specs(
      "n=count, total=sum(bytes), p99=quantile(latency_ms, 0.99), pages=list(path, 20), "
      "top_paths=top(path,5), u=approx_distinct(user.id)");
  REQUIRE(specs.size() == 6);
  CHECK(specs[0].output_name == "n");
  CHECK(specs[0].function->name == "count");
  CHECK(specs[0].field.empty());
  CHECK(specs[1].output_name == "total");
  CHECK(specs[1].function->name == "sum");
  CHECK(specs[1].field == "bytes");
  CHECK(specs[2].function->name == "quantile");
  CHECK(specs[2].field == "latency_ms");
  CHECK(specs[2].numeric_params == std::vector<double>{0.99});
  CHECK(specs[2].text == "p99=quantile(latency_ms, 0.99)");
  CHECK(specs[3].numeric_params == std::vector<double>{20});
  CHECK(specs[4].output_name == "top_paths");
  CHECK(specs[4].numeric_params == std::vector<double>{5});
  CHECK(specs[5].field == "user.id");
}

TEST_CASE("names default to the function and field with dots as underscores", "[agg]") {
  const auto specs = parse_agg_specs("count, sum(bytes), quantile(latency_ms,0.5), distinct(user.id), count(x)");
  REQUIRE(specs.size() == 5);
  CHECK(specs[0].output_name == "count");
  CHECK(specs[1].output_name == "sum_bytes");
  CHECK(specs[2].output_name == "quantile_latency_ms");
  CHECK(specs[3].output_name == "distinct_user_id");
  CHECK(specs[4].output_name == "count_x");
  CHECK(specs[4].field == "x");
}

TEST_CASE("count and count() mean the same and whitespace is free", "[agg]") {
  const auto a = parse_agg_specs("count");
  const auto b = parse_agg_specs("  n =  count ( )  ,m=count()");
  REQUIRE(a.size() == 1);
  REQUIRE(b.size() == 2);
  CHECK(a[0].function == b[0].function);
  CHECK(b[0].field.empty());
  CHECK(b[0].output_name == "n");
  CHECK(b[0].text == "n =  count ( )");
  CHECK(b[1].output_name == "m");
}

TEST_CASE("optional parameters take their default", "[agg]") {
  const auto specs = parse_agg_specs("list(path)");
  REQUIRE(specs.size() == 1);
  CHECK(specs[0].numeric_params == std::vector<double>{100});
}

TEST_CASE("quoted names may hold commas, parentheses, spaces and escaped quotes", "[agg]") {
  const auto specs = parse_agg_specs(R"~("a b"=sum("x,y (z)"), distinct("q\"\\r"))~");
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].output_name == "a b");
  CHECK(specs[0].field == "x,y (z)");
  CHECK(specs[1].field == "q\"\\r");
  CHECK(specs[1].output_name == "distinct_q\"\\r");
}

TEST_CASE("canonical text is equal for specs that mean the same and parses back", "[agg]") {
  const auto a = parse_agg_specs("n=count, p=quantile(lat, 0.50), l=list(x), \"a b\"=sum(\"x,y\")");
  const auto b = parse_agg_specs("n=count(),p=quantile( lat ,5e-1),l=list(x,100),\"a b\"=sum(\"x,y\")");
  CHECK(ss::canonical_agg_text(a) == ss::canonical_agg_text(b));
  CHECK(ss::canonical_agg_text(a) == R"(n=count,p=quantile(lat,0.5),l=list(x,100),"a b"=sum("x,y"))");
  const auto again = parse_agg_specs(ss::canonical_agg_text(a));
  CHECK(ss::canonical_agg_text(again) == ss::canonical_agg_text(a));
}

TEST_CASE("every spec error is a usage error naming the problem and column", "[agg]") {
  CHECK_THAT(usage_error(""), Catch::Contains("no aggregates given"));
  CHECK_THAT(usage_error("   "), Catch::Contains("no aggregates given"));
  CHECK_THAT(usage_error("n=count,"), Catch::Contains("empty aggregate after ','") && Catch::Contains("column 9"));
  CHECK_THAT(usage_error("n=count,,m=count"), Catch::Contains("empty aggregate") && Catch::Contains("column 9"));
  CHECK_THAT(
      usage_error("x=median(a)"),
      Catch::Contains("unknown function 'median'") && Catch::Contains("column 3") &&
          Catch::Contains("known functions: count, sum, countif, sumif, min, max, avg, stddev, first, last, distinct, "
                          "approx_distinct, quantile, top, list"));
  CHECK_THAT(usage_error("sum"), Catch::Contains("sum takes sum(field), got 0 arguments"));
  CHECK_THAT(usage_error("sum()"), Catch::Contains("sum takes sum(field), got 0 arguments"));
  CHECK_THAT(usage_error("sum(a, b)"), Catch::Contains("sum takes sum(field), got 2 arguments"));
  CHECK_THAT(usage_error("count(a, b)"), Catch::Contains("count takes count, count(field), got 2 arguments"));
  CHECK_THAT(usage_error("quantile(a)"), Catch::Contains("quantile takes quantile(field, q), got 1 argument"));
  CHECK_THAT(
      usage_error("p=quantile(a, 1.5)"),
      Catch::Contains("q of quantile must be a number between 0 and 1, got 1.5") && Catch::Contains("column 15"));
  CHECK_THAT(usage_error("quantile(a, -0.1)"), Catch::Contains("between 0 and 1"));
  CHECK_THAT(usage_error("quantile(a, x)"), Catch::Contains("q of quantile must be a number, got 'x'"));
  CHECK_THAT(usage_error("quantile(a, \"0.5\")"), Catch::Contains("must be a number"));
  CHECK_THAT(usage_error("quantile(a, 0.5x)"), Catch::Contains("must be a number"));
  CHECK_THAT(usage_error("top(a, 2.5)"), Catch::Contains("k of top must be a whole number between 1 and 100000"));
  CHECK_THAT(usage_error("top(a, 0)"), Catch::Contains("k of top must be a whole number"));
  CHECK_THAT(usage_error("list(a, 0)"), Catch::Contains("max of list must be a whole number"));
  CHECK_THAT(usage_error("n=count, n=sum(x)"), Catch::Contains("duplicate output name 'n'") &&
                                                   Catch::Contains("column 10") && Catch::Contains("column 1"));
  CHECK_THAT(usage_error("sum(x), sum(x)"), Catch::Contains("duplicate output name 'sum_x'"));
  CHECK_THAT(usage_error("=count"), Catch::Contains("empty output name"));
  CHECK_THAT(usage_error("n="), Catch::Contains("expected a function name after '='"));
  CHECK_THAT(usage_error("\"n\""), Catch::Contains("expected a function name"));
  CHECK_THAT(usage_error("sum(\"x)"), Catch::Contains("unterminated quoted name"));
  CHECK_THAT(usage_error("sum(\"x\\n\")"), Catch::Contains("bad escape"));
  CHECK_THAT(usage_error("sum(\"\")"), Catch::Contains("empty field name"));
  CHECK_THAT(usage_error("sum(a,)"), Catch::Contains("empty argument"));
  CHECK_THAT(usage_error("sum(a"), Catch::Contains("missing ')'"));
  CHECK_THAT(usage_error("sum(a b)"), Catch::Contains("unexpected 'b' in arguments"));
  CHECK_THAT(usage_error("count x"), Catch::Contains("unexpected 'x' after an aggregate"));
  CHECK_THAT(usage_error("n=count"), Catch::Equals(""));
}

TEST_CASE("the registry drives help: every function has a signature and a help line", "[agg]") {
  const std::string help = ss::agg_help_text();
  for (const ss::AggFunction& f : ss::agg_functions()) {
    CHECK(ss::find_agg_function(f.name) == &f);
    CHECK_THAT(help, Catch::Contains(std::string(f.signature)) && Catch::Contains(std::string(f.help)));
    CHECK(f.state_size > 0);
  }
  CHECK(ss::find_agg_function("median") == nullptr);
  CHECK_THAT(help, Catch::Contains("relative error <= 1%") && Catch::Contains("0.8% standard error") &&
                       Catch::Contains("upper bounds"));
}
