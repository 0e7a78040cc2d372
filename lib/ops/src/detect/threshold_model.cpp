#include "ss/detect/threshold_model.hpp"

namespace ss {

void ThresholdModel::write_structure(JsonObjectWriter& w) const {
  w.string("field", options_.field.text());
  if (options_.above) w.number("above", *options_.above);
  if (options_.below) w.number("below", *options_.below);
}

void ThresholdModel::read_fields(const Event& event) {
  const FieldValue value = event.fields->get(options_.field);
  has_value_ = value.is_number();
  value_ = value.number;
}

Score ThresholdModel::score(const Event&) {
  if (!has_value_) return {ScoreOutcome::skipped};
  Score score{ScoreOutcome::scored};
  score.value = value_;
  score.anomaly = (options_.above && value_ > *options_.above) || (options_.below && value_ < *options_.below);
  return score;
}

}  // namespace ss
