#include "ss/agg/agg_inputs.hpp"

namespace ss {

AggInputs::AggInputs(const AggPlan& plan) : values_(plan.input_count()) {
  for (const auto& field : plan.fields()) fields_.emplace_back(field);
  for (const auto& condition : plan.conditions()) conditions_.push_back(Expression::compile(condition, "--agg"));
  // Condition slots hold booleans; only `boolean` is read.
  for (size_t i = fields_.size(); i < values_.size(); ++i) values_[i].type = ValueType::boolean;
}

void AggInputs::read(FieldSource& event, TimeUs event_time) {
  for (size_t i = 0; i < fields_.size(); ++i) event.get(fields_[i], values_[i]);
  const ExprInput input{event, event_time};
  failure_.clear();
  for (size_t i = 0; i < conditions_.size(); ++i) {
    values_[fields_.size() + i].boolean = conditions_[i].matches(input);
    if (conditions_[i].failed() && failure_.empty()) failure_ = "--agg: " + conditions_[i].error();
  }
}

}  // namespace ss
