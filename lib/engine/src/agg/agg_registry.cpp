#include "ss/agg/agg_registry.hpp"

#include <fmt/format.h>

#include <new>

#include "ss/agg/agg_spec.hpp"
#include "ss/agg/approx_distinct_aggregator.hpp"
#include "ss/agg/avg_aggregator.hpp"
#include "ss/agg/count_aggregator.hpp"
#include "ss/agg/distinct_aggregator.hpp"
#include "ss/agg/endpoint_aggregator.hpp"
#include "ss/agg/extremum_aggregator.hpp"
#include "ss/agg/list_aggregator.hpp"
#include "ss/agg/quantile_aggregator.hpp"
#include "ss/agg/stddev_aggregator.hpp"
#include "ss/agg/sum_aggregator.hpp"
#include "ss/agg/top_aggregator.hpp"

namespace ss {

namespace {

constexpr AggParam kQuantileParams[] = {{"q", 0, 1, false, true, 0}};
constexpr AggParam kTopParams[] = {{"k", 1, 100000, true, true, 0}};
constexpr AggParam kListParams[] = {{"max", 1, 1000000, true, false, 100}};

template <class T>
AggFunction entry(std::string_view name, std::string_view signature, std::string_view help, AggFieldUse field,
                  std::span<const AggParam> params = {}, bool conditional = false) {
  return AggFunction{
      name,
      signature,
      help,
      field,
      params,
      sizeof(T),
      alignof(T),
      [](void* where, const AggSpec& spec) -> Aggregator* { return new (where) T(spec); },
      [](Aggregator& state, const AggSpec& spec) noexcept {
        T& typed = static_cast<T&>(state);
        if constexpr (requires { typed.reset(); }) {
          typed.reset();
        } else {
          typed.~T();
          new (&typed) T(spec);
        }
      },
      [](const AggSpec& spec) -> std::unique_ptr<Aggregator> { return std::make_unique<T>(spec); },
      conditional,
  };
}

std::vector<AggFunction> build_table() {
  using F = AggFieldUse;
  return {
      entry<CountAggregator>("count", "count, count(field)",
                             "number of events; with a field, of events where it is present and not null", F::optional),
      entry<SumAggregator>("sum", "sum(field)", "sum of the numeric values, exact for integers; null when none",
                           F::required),
      entry<CountAggregator>(
          "countif", "countif(condition)",
          "number of events for which the condition (ss-expr(7)) is true, e.g. countif(status >= 500)", F::optional, {},
          true),
      entry<SumAggregator>("sumif", "sumif(field, condition)",
                           "sum of the field over the events for which the condition is true; null when none",
                           F::required, {}, true),
      entry<MinAggregator>("min", "min(field)", "smallest numeric value; null when none", F::required),
      entry<MaxAggregator>("max", "max(field)", "largest numeric value; null when none", F::required),
      entry<AvgAggregator>("avg", "avg(field)", "mean of the numeric values; null when none", F::required),
      entry<StddevAggregator>("stddev", "stddev(field)",
                              "sample standard deviation of the numeric values; null for fewer than 2", F::required),
      entry<FirstAggregator>("first", "first(field)",
                             "value (any JSON) of the earliest event by event time; ties go to the first to arrive",
                             F::required),
      entry<LastAggregator>("last", "last(field)",
                            "value (any JSON) of the latest event by event time; ties go to the last to arrive",
                            F::required),
      entry<DistinctAggregator>("distinct", "distinct(field)",
                                "exact number of distinct values (1 and 1.0 are one value, \"1\" is another)",
                                F::required),
      entry<ApproxDistinctAggregator>(
          "approx_distinct", "approx_distinct(field)",
          "estimated number of distinct values (HyperLogLog, ~0.8% standard error, at most 16 KiB per group)",
          F::required),
      entry<QuantileAggregator>("quantile", "quantile(field, q)",
                                "q-quantile of the numeric values, 0 <= q <= 1 (DDSketch, relative error <= 1%)",
                                F::required, kQuantileParams),
      entry<TopAggregator>("top", "top(field, k)",
                           "k most frequent values as [{\"value\":v,\"count\":n}] (Space-Saving with max(10k,100) "
                           "counters: counts exact while distinct values <= counters, upper bounds past that)",
                           F::required, kTopParams),
      entry<ListAggregator>("list", "list(field[, max])",
                            "values as a JSON array in event-time order, the earliest max (default 100)", F::required,
                            kListParams),
  };
}

}  // namespace

const std::vector<AggFunction>& agg_functions() {
  static const std::vector<AggFunction> table = build_table();
  return table;
}

const AggFunction* find_agg_function(std::string_view name) {
  for (const AggFunction& f : agg_functions()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string agg_help_text() {
  size_t width = 0;
  for (const AggFunction& f : agg_functions()) width = std::max(width, f.signature.size());
  std::string out;
  for (const AggFunction& f : agg_functions()) {
    fmt::format_to(std::back_inserter(out), "  {:<{}}  {}\n", f.signature, width, f.help);
  }
  return out;
}

}  // namespace ss
