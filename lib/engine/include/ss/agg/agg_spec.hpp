// One aggregate as the user asked for it in `--agg 'name=fn(field, params)'`, and the
// parser for a comma-separated list of them. The functions come from agg_registry.hpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

struct AggFunction;
class ValueDictionary;

struct AggSpec {
  std::string output_name;                ///< member name in output records
  const AggFunction* function = nullptr;  ///< entry of agg_functions(); never null after parsing
  std::string field;                      ///< dotted path; empty only for plain `count`
  std::vector<double> numeric_params;     ///< one per AggFunction::params, defaults filled in
  std::string condition;                  ///< countif, sumif: the condition in canonical form
  std::string text;                       ///< the spec as written (trimmed), for messages
  /// distinct: the dictionary that every state made from this spec (every group of an
  /// AggPlan) shares; the first state makes it, copies of the spec share it.
  mutable std::shared_ptr<ValueDictionary> values;
};

/// Parses `n=count, total=sum(bytes), p99=quantile(latency_ms, 0.99), pages=list(path, 20)`.
/// `name=` is optional (default `count`, or `<fn>_<field>` with dots as `_`); `count` and
/// `count()` are the same; a field holding `,()"` or spaces is written in double quotes
/// (`\"` and `\\` escape inside). Throws ss::Error(usage) naming the problem and its
/// column: empty list or spec, unknown function (listing the known ones), wrong number
/// of arguments, a parameter that is not a number or out of range, duplicate names.
std::vector<AggSpec> parse_agg_specs(std::string_view text);

/// `name=fn(field,p1,...)` with numbers in shortest form: equal for specs that mean the
/// same, so snapshots can compare it as a semantic parameter.
std::string canonical_agg_text(const AggSpec& spec);

/// canonical_agg_text of every spec, joined with `,`.
std::string canonical_agg_text(const std::vector<AggSpec>& specs);

}  // namespace ss
