#include "ss/agg/aggregator.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "agg_test_values.hpp"
#include "ss/agg/agg_registry.hpp"
#include "ss/agg/agg_spec.hpp"
#include "ss/agg/value_dictionary.hpp"
#include "ss/base/error.hpp"

namespace {

using ss::Aggregator;
using ss::AggSpec;
using ss::agg_test::Values;

AggSpec spec_of(std::string_view text) {
  auto specs = ss::parse_agg_specs(text);
  REQUIRE(specs.size() == 1);
  return specs[0];
}

std::string result_of(const Aggregator& a) {
  std::string out;
  a.append_result(out);
  return out;
}

std::string save_of(const Aggregator& a) {
  std::string out;
  a.save(out);
  return out;
}

struct Fed {
  std::unique_ptr<Aggregator> aggregator;
  size_t skipped = 0;
  std::string result;
};

// Adds `jsons` ("" for a missing field) in order at times `times` (default: 0, 1, 2, ...).
Fed feed(std::string_view spec_text, const std::vector<std::string_view>& jsons,
         const std::vector<ss::TimeUs>& times = {}) {
  Values values;
  Fed fed;
  fed.aggregator = ss::make_aggregator(spec_of(spec_text));
  for (size_t i = 0; i < jsons.size(); ++i) {
    const ss::TimeUs ts = times.empty() ? static_cast<ss::TimeUs>(i) : times[i];
    if (!fed.aggregator->add(values(jsons[i]), ts, i)) ++fed.skipped;
  }
  fed.result = result_of(*fed.aggregator);
  return fed;
}

double number_of(const std::string& json) { return std::stod(json); }

}  // namespace

TEST_CASE("count counts every event, count(field) only those where the field is present", "[agg]") {
  const std::vector<std::string_view> values = {"1", "null", "\"x\"", "", "{}"};
  const Fed all = feed("count", values);
  CHECK(all.result == "5");
  CHECK(all.skipped == 0);
  const Fed present = feed("count(f)", values);
  CHECK(present.result == "3");
  CHECK(present.skipped == 2);
  CHECK(feed("count", {}).result == "0");
}

TEST_CASE("sum is exact for integers and compensated for doubles", "[agg]") {
  CHECK(feed("sum(f)", {"1", "2", "3"}).result == "6");
  CHECK(feed("sum(f)", {"1", "2.5"}).result == "3.5");
  CHECK(feed("sum(f)", {"0.1", "0.2", "0.3"}).result == "0.6");
  CHECK(feed("sum(f)", {"1.5", "1.5"}).result == "3");
  // Beyond int64 on the way, back inside at the end: still exact.
  CHECK(feed("sum(f)", {"9223372036854775807", "9223372036854775807", "-9223372036854775807"}).result ==
        "9223372036854775807");
  CHECK(feed("sum(f)", {"9223372036854775807", "1"}).result == "9.223372036854776e+18");
  // Past the double range the sum is null, and stays null through save and load.
  const Fed huge = feed("sum(f)", {"1e308", "1e308"});
  CHECK(huge.result == "null");
  std::string saved;
  huge.aggregator->save(saved);
  auto restored = ss::make_aggregator(spec_of("sum(f)"));
  restored->load(saved);
  CHECK(result_of(*restored) == "null");
  const Fed skipped = feed("sum(f)", {"\"3\"", "null", "", "true", "[1]"});
  CHECK(skipped.result == "null");
  CHECK(skipped.skipped == 5);
  CHECK(feed("sum(f)", {"-4", "\"x\"", "4"}).result == "0");
}

TEST_CASE("min and max compare exactly and print integers as integers", "[agg]") {
  const std::vector<std::string_view> values = {"3", "-1.5", "2", "\"-9\"", "1e1", "null"};
  const Fed min = feed("min(f)", values);
  CHECK(min.result == "-1.5");
  CHECK(min.skipped == 2);
  CHECK(feed("max(f)", values).result == "10");
  CHECK(feed("max(f)", {"9007199254740993", "9007199254740992.0"}).result == "9007199254740993");
  CHECK(feed("min(f)", {"9007199254740993", "9007199254740992.0"}).result == "9007199254740992");
  CHECK(feed("min(f)", {"\"a\""}).result == "null");
  CHECK(feed("max(f)", {}).result == "null");
}

TEST_CASE("avg and stddev give the mean and the sample standard deviation", "[agg]") {
  CHECK(feed("avg(f)", {"1", "2", "3", "4", "\"x\""}).result == "2.5");
  CHECK(feed("avg(f)", {""}).result == "null");
  const Fed sd = feed("stddev(f)", {"2", "4", "4", "4", "5", "5", "7", "9"});
  CHECK(number_of(sd.result) == Approx(std::sqrt(32.0 / 7.0)).epsilon(1e-12));
  CHECK(feed("stddev(f)", {"5", "5", "5"}).result == "0");
  CHECK(feed("stddev(f)", {"5"}).result == "null");
  CHECK(feed("stddev(f)", {}).result == "null");
}

TEST_CASE("first and last pick by event time, ties by arrival, any JSON type as written", "[agg]") {
  const std::vector<std::string_view> values = {"\"b\"", R"({"a": 1})", "[1,2]", "\"tie\"",
                                                "null",  "\"q\\\"x\"",  "1.50"};
  const std::vector<ss::TimeUs> times = {5, 1, 9, 1, 0, 9, 3};
  const Fed first = feed("first(f)", values, times);
  CHECK(first.result == R"({"a": 1})");
  CHECK(first.skipped == 1);
  CHECK(feed("last(f)", values, times).result == R"("q\"x")");
  CHECK(feed("first(f)", {"1.50"}).result == "1.50");
  CHECK(feed("last(f)", {"true", "false"}).result == "false");
  CHECK(feed("first(f)", {"null", ""}).result == "null");
}

TEST_CASE("distinct counts values by canonical text", "[agg]") {
  const Fed d = feed("distinct(f)", {"1", "1.0", "1e0", "\"1\"", "true", "\"a\"", "\"a\"", R"({"x":1})", "null", ""});
  CHECK(d.result == "5");
  CHECK(d.skipped == 2);
  CHECK(feed("distinct(f)", {}).result == "0");
}

TEST_CASE("distinct states of one spec share a dictionary holding the values of live states only", "[agg]") {
  Values values;
  const AggSpec spec = spec_of("distinct(f)");
  auto a = ss::make_aggregator(spec);
  auto b = ss::make_aggregator(spec);
  REQUIRE(spec.values != nullptr);
  const ss::ValueDictionary& dictionary = *spec.values;
  // Enough values that some ids pass IdSet's inline bits.
  for (int i = 0; i < 600; ++i) a->add(values(std::to_string(i)), 0, 0);
  for (int i = 300; i < 900; i += 2) b->add(values(std::to_string(i)), 0, 0);
  CHECK(dictionary.size() == 750);
  a->merge(*b);
  CHECK(result_of(*a) == "750");
  b.reset();
  CHECK(dictionary.size() == 750);  // a holds them all now
  // A state of another spec (its own dictionary) merges by the values' text.
  const AggSpec other_spec = spec_of("distinct(f)");
  auto c = ss::make_aggregator(other_spec);
  c->add(values("\"x\""), 0, 0);
  c->add(values("5"), 0, 0);
  c->merge(*a);
  CHECK(result_of(*c) == "751");
  CHECK(other_spec.values->size() == 751);
  a.reset();
  CHECK(dictionary.size() == 0);
  // A restored state takes its references too; destroying it gives them back.
  auto restored = ss::make_aggregator(spec);
  restored->load(save_of(*c));
  CHECK(save_of(*restored) == save_of(*c));
  CHECK(dictionary.size() == 751);
  restored->load(R"(["n1","n2"])");
  CHECK(dictionary.size() == 2);
  restored.reset();
  CHECK(dictionary.size() == 0);
}

TEST_CASE("distinct counts a value once per group however groups interleave", "[agg]") {
  // Each value remembers the last group that held it; groups taking turns, a group
  // emptied by a load, and a group at a freed group's address must still count right.
  Values values;
  const AggSpec spec = spec_of("distinct(f)");
  std::vector<std::unique_ptr<Aggregator>> groups;
  for (int g = 0; g < 3; ++g) groups.push_back(ss::make_aggregator(spec));
  for (int round = 0; round < 3; ++round) {
    for (auto& group : groups) {
      for (const char* v : {"1", "2", "1", "\"a\""}) group->add(values(v), 0, 0);
    }
  }
  for (auto& group : groups) CHECK(result_of(*group) == "3");
  groups[1]->load(R"(["n2"])");
  groups[1]->add(values("1"), 0, 0);
  groups[1]->add(values("2"), 0, 0);
  CHECK(result_of(*groups[1]) == "2");
  groups[2].reset();
  groups[2] = ss::make_aggregator(spec);
  groups[2]->add(values("1"), 0, 0);
  groups[2]->add(values("1"), 0, 0);
  CHECK(result_of(*groups[2]) == "1");
}

TEST_CASE("approx_distinct is exact for a handful of values", "[agg]") {
  CHECK(feed("approx_distinct(f)", {"\"a\"", "\"b\"", "\"c\"", "\"a\"", "1", "1.0"}).result == "4");
  CHECK(feed("approx_distinct(f)", {}).result == "0");
}

TEST_CASE("quantile is within 1% and exact at the ends", "[agg]") {
  std::vector<std::string> texts;
  for (int i = 1; i <= 100; ++i) texts.push_back(std::to_string(i));
  const std::vector<std::string_view> values(texts.begin(), texts.end());
  CHECK(number_of(feed("quantile(f, 0.5)", values).result) == Approx(50).epsilon(0.01));
  CHECK(number_of(feed("quantile(f, 0.99)", values).result) == Approx(99).epsilon(0.01));
  CHECK(feed("quantile(f, 1)", values).result == "100");
  CHECK(number_of(feed("quantile(f, 0)", values).result) == Approx(1).epsilon(0.01));
  CHECK(feed("quantile(f, 0.5)", {"0", "0", "0"}).result == "0");
  CHECK(feed("quantile(f, 0.5)", {"-5", "-5", "-5"}).result == "-5");
  const Fed empty = feed("quantile(f, 0.5)", {"\"x\"", ""});
  CHECK(empty.result == "null");
  CHECK(empty.skipped == 2);
}

TEST_CASE("top lists the k most frequent values by count, then value", "[agg]") {
  const Fed t = feed("top(f, 2)", {"\"a\"", "\"c\"", "\"b\"", "\"a\"", "\"b\"", "\"c\"", "\"a\"", "\"d\"", "null"});
  CHECK(t.result == R"([{"value":"a","count":3},{"value":"b","count":2}])");
  CHECK(t.skipped == 1);
  CHECK(feed("top(f, 5)", {"1", "1.0", "2", "[1]"}).result ==
        R"([{"value":1,"count":2},{"value":[1],"count":1},{"value":2,"count":1}])");
  CHECK(feed("top(f, 3)", {}).result == "[]");
  // Ties go by canonical text: the type first (array, boolean, number, string), then the text.
  CHECK(feed("top(f, 3)", {"\"b\"", "\"a\"", "10", "9"}).result ==
        R"([{"value":10,"count":1},{"value":9,"count":1},{"value":"a","count":1}])");
}

TEST_CASE("top keeps heavy hitters when distinct values exceed its counters", "[agg]") {
  Values values;
  auto top = ss::make_aggregator(spec_of("top(f, 2)"));
  uint64_t seq = 0;
  // 1000 rare values interleaved with two heavy ones.
  for (int i = 0; i < 1000; ++i) {
    top->add(values("\"rare" + std::to_string(i) + "\""), 0, seq++);
    top->add(values("\"heavy\""), 0, seq++);
    if (i % 2 == 0) top->add(values("\"medium\""), 0, seq++);
  }
  const std::string r = result_of(*top);
  CHECK_THAT(r, Catch::StartsWith(R"([{"value":"heavy","count":)") && Catch::Contains(R"({"value":"medium","count":)"));
}

TEST_CASE("list keeps the earliest values in event-time order", "[agg]") {
  const std::vector<std::string_view> values = {"\"e\"", "\"a\"", "\"c\"", "\"b\"", "\"d\"", "null"};
  const std::vector<ss::TimeUs> times = {5, 1, 3, 2, 4, 0};
  const Fed l = feed("list(f, 3)", values, times);
  CHECK(l.result == R"(["a","b","c"])");
  CHECK(l.skipped == 1);
  CHECK(feed("list(f)", values, times).result == R"(["a","b","c","d","e"])");
  CHECK(feed("list(f)", {"1.0", R"({"k": [1]})", "\"x\""}, {7, 7, 7}).result == R"([1.0,{"k": [1]},"x"])");
  CHECK(feed("list(f)", {}).result == "[]");
}

TEST_CASE("every aggregate survives save and load byte for byte", "[agg]") {
  const std::vector<std::string_view> values = {
      "3", "1.25", "\"s\"", "-7",    "null", R"({"a":[1,2]})", "1e300", "9223372036854775807",
      "0", "-0.5", "true",  "\"s\"", "3"};
  std::vector<ss::TimeUs> times;
  for (size_t i = 0; i < values.size(); ++i) times.push_back(static_cast<ss::TimeUs>((i * 7) % 5));
  for (const ss::AggFunction& f : ss::agg_functions()) {
    std::string text = std::string(f.name);
    if (f.name == "quantile") text += "(f, 0.5)";
    else if (f.name == "top") text += "(f, 3)";
    else if (f.name == "list") text += "(f, 5)";
    else if (f.name == "countif") text += "(f > 0)";
    else if (f.name == "sumif") text += "(f, f > 0)";
    else text += "(f)";
    for (const size_t n : {size_t{0}, size_t{1}, values.size()}) {
      INFO(text << " with " << n << " values");
      const Fed fed = feed(text, std::vector<std::string_view>(values.begin(), values.begin() + n),
                           std::vector<ss::TimeUs>(times.begin(), times.begin() + n));
      const std::string saved = save_of(*fed.aggregator);
      auto restored = ss::make_aggregator(spec_of(text));
      restored->load(saved);
      CHECK(save_of(*restored) == saved);
      CHECK(result_of(*restored) == fed.result);
    }
  }
}

TEST_CASE("loading a malformed state is a state error", "[agg]") {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"count", "{"},
      {"count", "-1"},
      {"count", "\"3\""},
      {"sum(f)", "[]"},
      {"sum(f)", R"({"n":1})"},
      {"sum(f)", R"({"n":1,"int":"12x"})"},
      {"min(f)", "\"1\""},
      {"avg(f)", R"({"int":1})"},
      {"stddev(f)", R"({"n":2,"mean":1})"},
      {"first(f)", R"({"ts":1,"seq":2})"},
      {"last(f)", R"({"ts":1,"seq":2,"json":""})"},
      {"distinct(f)", R"(["x1"])"},
      {"distinct(f)", R"(["sa","sa"])"},
      {"distinct(f)", R"(["n1x"])"},
      {"approx_distinct(f)", R"({"sparse":[99999999]})"},
      {"approx_distinct(f)", R"({"sparse":[257,256]})"},
      {"approx_distinct(f)", R"({"sparse":[308]})"},
      {"approx_distinct(f)", R"({"dense":"AAAA"})"},
      {"quantile(f, 0.5)", R"({"zero":0,"pos":[5,0,1],"neg":[]})"},
      {"quantile(f, 0.5)", R"({"zero":0,"pos":[5],"neg":[]})"},
      {"quantile(f, 0.5)", R"({"zero":1,"pos":[],"neg":[]})"},
      {"quantile(f, 0.5)", R"({"zero":0,"min":2,"max":1,"pos":[5,1],"neg":[]})"},
      {"top(f, 1)", R"([["sb",1],["sa",1]])"},
      {"top(f, 1)", R"([["sa",0]])"},
      {"top(f, 1)", R"([["sa"]])"},
      {"list(f, 2)", R"([[1,1,"1"],[1,0,"2"]])"},
      {"list(f, 2)", R"([[1,1,"1"],[2,0,"2"],[3,0,"3"]])"},
      {"list(f, 2)", R"([[1,1]])"},
  };
  for (const auto& [spec, state] : cases) {
    INFO(spec << " loading " << state);
    auto a = ss::make_aggregator(spec_of(spec));
    try {
      a->load(state);
      FAIL("no error");
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::state);
    }
  }
}
