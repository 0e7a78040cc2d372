// The table of aggregate functions: one entry per function drives `--agg` parsing,
// `--help`, the man page and construction of the state objects.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

class Aggregator;
struct AggSpec;

enum class AggFieldUse {
  optional,  ///< `count` or `count(field)`
  required,  ///< `sum(field)`
};

/// A numeric parameter after the field, such as quantile's q.
struct AggParam {
  std::string_view name;  ///< as in the signature: "q", "k", "max"
  double min_value;
  double max_value;
  bool integer;   ///< must be a whole number
  bool required;  ///< otherwise `default_value` is used when omitted
  double default_value;
};

struct AggFunction {
  std::string_view name;       ///< "quantile"
  std::string_view signature;  ///< "quantile(field, q)"
  std::string_view help;       ///< one line for --help and the man page
  AggFieldUse field;
  std::span<const AggParam> params;
  /// Size and alignment of the state object, so AggregatorSet can place all of a
  /// group's states in one allocation.
  size_t state_size;
  size_t state_align;
  /// Constructs the state in `where` (state_size bytes, suitably aligned) and returns
  /// it; the object starts at `where`.
  Aggregator* (*construct)(void* where, const AggSpec& spec);
  /// Makes `state` (constructed from `spec`) fresh again, as construct would, so a
  /// group's memory can serve the next group: a state that can keep its buffers for
  /// that (a quantile's bins) does. Never throws: no state's constructor allocates once
  /// a state of the same spec exists (distinct's shared dictionary is made by the first).
  void (*reset)(Aggregator& state, const AggSpec& spec) noexcept;
  std::unique_ptr<Aggregator> (*make)(const AggSpec& spec);
  /// The last argument is a condition (ss-expr(7)); only events for which it is true
  /// are added: countif, sumif.
  bool conditional = false;
};

/// Every function, in the order --help lists them.
const std::vector<AggFunction>& agg_functions();

/// The entry named `name`, or nullptr.
const AggFunction* find_agg_function(std::string_view name);

/// One line per function (`  quantile(field, q)   ...help...`), for --help.
std::string agg_help_text();

}  // namespace ss
