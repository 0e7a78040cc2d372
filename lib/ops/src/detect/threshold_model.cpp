#include "ss/detect/threshold_model.hpp"

namespace ss {

void ThresholdModel::write_structure(JsonObjectWriter& w) const {
  w.string("field", options_.field.text());
  if (options_.above) w.number("above", *options_.above);
  if (options_.below) w.number("below", *options_.below);
}

Score ThresholdModel::on_event(const Event& event) {
  const FieldValue value = event.fields->get(options_.field);
  if (event.fields->malformed()) return {ScoreOutcome::bad};
  if (!value.is_number()) return {ScoreOutcome::skipped};
  Score score{ScoreOutcome::scored};
  score.value = value.number;
  score.anomaly =
      (options_.above && value.number > *options_.above) || (options_.below && value.number < *options_.below);
  return score;
}

}  // namespace ss
