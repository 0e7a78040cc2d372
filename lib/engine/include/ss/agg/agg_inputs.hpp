// What the aggregates of an AggPlan read from each event: the fields, each once, and
// the countif/sumif conditions, each evaluated once, in the order AggregatorSet::add
// takes them.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "ss/agg/agg_plan.hpp"
#include "ss/expr/expression.hpp"
#include "ss/json/field_path.hpp"
#include "ss/json/field_source.hpp"
#include "ss/json/field_value.hpp"

namespace ss {

class AggInputs {
 public:
  explicit AggInputs(const AggPlan& plan);

  /// Reads the event's values (an operator's read_fields(): the run loop then refuses
  /// an event that a lookup found to be invalid JSON).
  void read(FieldSource& event, TimeUs event_time);

  std::span<const FieldValue> values() const noexcept { return values_; }
  /// Why the last read() could not evaluate a countif/sumif condition (a regex hit one
  /// of PCRE2's limits): the event is a bad line. Empty when it could.
  const std::string& failure() const noexcept { return failure_; }

 private:
  std::string failure_;
  std::vector<FieldPath> fields_;
  std::vector<Expression> conditions_;
  std::vector<FieldValue> values_;  ///< reused per event
};

}  // namespace ss
