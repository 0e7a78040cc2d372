#include "ss/agg/aggregator_set.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "agg_test_values.hpp"
#include "ss/agg/agg_plan.hpp"
#include "ss/agg/agg_registry.hpp"
#include "ss/base/error.hpp"

namespace {

using ss::AggPlan;
using ss::AggregatorSet;
using ss::FieldValue;
using ss::agg_test::Values;

std::string results_of(const AggregatorSet& set) {
  std::string out;
  ss::JsonObjectWriter w(out);
  set.append_results(w);
  w.finish();
  return out;
}

std::string save_of(const AggregatorSet& set) {
  std::string out;
  set.save(out);
  return out;
}

}  // namespace

TEST_CASE("a plan lists each field once and maps every aggregate to it", "[agg]") {
  const AggPlan plan(ss::parse_agg_specs("n=count, s=sum(bytes), m=max(bytes), d=distinct(user.id), c=count(bytes)"));
  CHECK(plan.size() == 5);
  CHECK(plan.fields() == std::vector<std::string>{"bytes", "user.id"});
  CHECK(plan.field_index(0) == AggPlan::kNoField);
  CHECK(plan.field_index(1) == 0);
  CHECK(plan.field_index(2) == 0);
  CHECK(plan.field_index(3) == 1);
  CHECK(plan.field_index(4) == 0);
  CHECK(plan.canonical_text() == "n=count,s=sum(bytes),m=max(bytes),d=distinct(user.id),c=count(bytes)");
  for (size_t i = 0; i + 1 < plan.size(); ++i) CHECK(plan.state_offset(i) < plan.state_offset(i + 1));
  CHECK(plan.block_size() >= plan.state_offset(plan.size() - 1));
}

TEST_CASE("a set adds events, counts skipped values and writes results in spec order", "[agg]") {
  const AggPlan plan(ss::parse_agg_specs("n=count, s=sum(bytes), m=max(bytes), d=distinct(user)"));
  Values v;
  AggregatorSet set(plan);
  const FieldValue e1[] = {v("10"), v("\"a\"")};
  const FieldValue e2[] = {v("\"x\""), v("\"b\"")};
  const FieldValue e3[] = {v("5"), v("")};
  CHECK(set.add(e1, 1, 0) == 0);
  CHECK(set.add(e2, 2, 1) == 2);
  CHECK(set.add(e3, 3, 2) == 1);
  CHECK(results_of(set) == R"({"n":3,"s":15,"m":10,"d":2})");
}

TEST_CASE("a set saves, loads and merges as its aggregates do", "[agg]") {
  const AggPlan plan(ss::parse_agg_specs("n=count, s=sum(x), l=list(x, 3), t=top(x, 1)"));
  Values v;
  AggregatorSet a(plan);
  AggregatorSet b(plan);
  AggregatorSet all(plan);
  for (uint64_t i = 0; i < 10; ++i) {
    const FieldValue e[] = {ss::agg_test::Values::integer(static_cast<int64_t>(i % 4))};
    (i % 3 == 0 ? a : b).add(e, static_cast<ss::TimeUs>(100 - i), i);
    all.add(e, static_cast<ss::TimeUs>(100 - i), i);
  }
  const std::string saved = save_of(b);
  CHECK(saved.front() == '[');
  AggregatorSet restored(plan);
  restored.load(saved);
  CHECK(save_of(restored) == saved);
  CHECK(results_of(restored) == results_of(b));
  a.merge(restored);
  CHECK(results_of(a) == results_of(all));
  CHECK(results_of(all) == R"({"n":10,"s":13,"l":[1,0,3],"t":[{"value":0,"count":3}]})");

  AggregatorSet moved(std::move(a));
  CHECK(results_of(moved) == results_of(all));
  AggregatorSet assigned(plan);
  assigned = std::move(moved);
  CHECK(results_of(assigned) == results_of(all));
}

TEST_CASE("a set refuses a state of another shape and is left fresh", "[agg]") {
  const AggPlan plan(ss::parse_agg_specs("n=count, s=sum(x)"));
  AggregatorSet set(plan);
  const FieldValue e[] = {ss::agg_test::Values::integer(4)};
  set.add(e, 0, 0);
  for (const std::string_view bad : {"[1]", "{}", "[1,{\"n\":1,\"int\":2},3]", "[1,2]", "[1,", ""}) {
    INFO(bad);
    try {
      set.load(bad);
      FAIL("no error");
    } catch (const ss::Error& err) {
      CHECK(err.kind() == ss::ErrorKind::state);
    }
    CHECK(results_of(set) == R"({"n":0,"s":null})");
  }
}

TEST_CASE("a set of simple aggregates is one small block", "[agg]") {
  CHECK(sizeof(AggregatorSet) == 2 * sizeof(void*));
  const AggPlan plan(ss::parse_agg_specs("count, sum(x), min(x), max(x), avg(x)"));
  CHECK(plan.block_size() <= 5 * 64);
  const AggPlan empty(std::vector<ss::AggSpec>{});
  AggregatorSet none(empty);
  CHECK(results_of(none) == "{}");
  CHECK(save_of(none) == "[]");
  none.load("[]");
}

TEST_CASE("a reset set is a fresh set, for every function, and takes events as one", "[agg]") {
  // Every function of the registry (count both bare and with its field), all over one
  // field, so states that keep memory (distinct's dictionary, the quantile's bins, the
  // lists) are reset after holding some.
  const AggPlan plan(ss::parse_agg_specs(
      "n=count, c=count(x), ci=countif(x > 2), s=sum(x), si=sumif(x, x > 2), lo=min(x), hi=max(x), a=avg(x), "
      "sd=stddev(x), f=first(x), l=last(x), d=distinct(x), ad=approx_distinct(x), q=quantile(x, 0.9), "
      "t=top(x, 2), li=list(x, 3)"));
  REQUIRE(plan.size() == ss::agg_functions().size() + 1);
  Values v;
  const auto event = [&](int64_t i) {
    std::vector<FieldValue> values(plan.input_count());
    values[0] = v(i % 5 == 4 ? std::string("\"text\"") : std::to_string(i * i % 97 + 1));
    values[1].type = ss::ValueType::boolean;
    values[1].boolean = i % 3 != 0;
    return values;
  };
  AggregatorSet reused(plan);
  for (int64_t i = 0; i < 200; ++i) reused.add(event(i), i * 1000, static_cast<uint64_t>(i));
  const AggregatorSet fresh(plan);
  reused.reset();
  CHECK(save_of(reused) == save_of(fresh));
  CHECK(results_of(reused) == results_of(fresh));

  AggregatorSet again(plan);
  for (int64_t i = 7; i < 40; ++i) {
    reused.add(event(i), i * 1000, static_cast<uint64_t>(i));
    again.add(event(i), i * 1000, static_cast<uint64_t>(i));
  }
  CHECK(save_of(reused) == save_of(again));
  CHECK(results_of(reused) == results_of(again));
  AggregatorSet merged(plan);
  merged.merge(reused);
  merged.reset();
  merged.merge(again);
  CHECK(save_of(merged) == save_of(again));
}
