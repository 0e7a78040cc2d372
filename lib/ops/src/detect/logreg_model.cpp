#include "ss/detect/logreg_model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "ss/base/hash64.hpp"

namespace ss {

namespace {

/// The bias weight's name; no field name can be empty, so it collides with none.
constexpr std::string_view kBiasName = "";
/// exp() of larger margins rounds the probability to exactly 0 or 1.
constexpr double kMaxMargin = 35.0;

/// The label as 1 or 0, or -1 when it is neither true/false nor 1/0.
double read_label(const FieldValue& v) {
  if (v.type == ValueType::boolean) return v.boolean ? 1.0 : 0.0;
  if (v.is_number() && (v.number == 0 || v.number == 1)) return v.number;
  return -1;
}

}  // namespace

LogRegModel::LogRegModel(const DetectOptions& options)
    : options_(options), mask_((1u << options.hash_bits) - 1), field_seeds_(hash_field_names(options.features)) {
  if (!options.id_expr.empty()) id_expr_.emplace(Expression::compile(options.id_expr, "--id-expr"));
  clear();
}

void LogRegModel::clear() {
  z_.assign(size_t(mask_) + 1, 0.0);
  n_.assign(size_t(mask_) + 1, 0.0);
  touched_ = 0;
  trained_ = 0;
  pending_.clear();
  deadlines_ = {};
}

void LogRegModel::write_structure(JsonObjectWriter& w) const {
  w.string("features", field_list_text(options_.features));
  w.number("hash_bits", static_cast<uint64_t>(options_.hash_bits));
}

size_t LogRegModel::extract(FieldSource& fields) {
  // A number is the value of its field's weight; a string or boolean picks the weight
  // of the pair (field, value) with value 1: one-hot through the hash.
  features_.clear();
  features_.emplace_back(static_cast<uint32_t>(hash64(kBiasName)) & mask_, 1.0);
  size_t present = 0;
  for (size_t i = 0; i < options_.features.size(); ++i) {
    const FieldValue v = fields.get(options_.features[i]);
    const uint64_t seed = field_seeds_[i];
    if (v.is_number()) {
      features_.emplace_back(static_cast<uint32_t>(seed) & mask_, v.number);
    } else if (v.is_string()) {
      features_.emplace_back(static_cast<uint32_t>(hash64(v.text, seed)) & mask_, 1.0);
    } else if (v.type == ValueType::boolean) {
      features_.emplace_back(static_cast<uint32_t>(hash64(v.boolean ? "true" : "false", seed)) & mask_, 1.0);
    } else {
      continue;
    }
    ++present;
  }
  return present;
}

double LogRegModel::weight(uint32_t i) const noexcept {
  const double z = z_[i];
  if (std::fabs(z) <= options_.l1) return 0.0;
  const double sign = z < 0 ? -1.0 : 1.0;
  return -(z - sign * options_.l1) / ((options_.beta + std::sqrt(n_[i])) / options_.alpha + options_.l2);
}

double LogRegModel::predict(const HashedFeatures& features) const noexcept {
  double margin = 0;
  for (const auto& [i, x] : features) margin += weight(i) * x;
  margin = std::clamp(margin, -kMaxMargin, kMaxMargin);
  return 1.0 / (1.0 + std::exp(-margin));
}

void LogRegModel::train(const HashedFeatures& features, double label) noexcept {
  const double p = predict(features);
  for (const auto& [i, x] : features) {
    const double g = (p - label) * x;
    const double sigma = (std::sqrt(n_[i] + g * g) - std::sqrt(n_[i])) / options_.alpha;
    if (n_[i] == 0 && g != 0) ++touched_;
    z_[i] += g - sigma * weight(i);
    n_[i] += g * g;
  }
  ++trained_;
}

void LogRegModel::read_fields(const Event& event) {
  FieldSource& fields = *event.fields;
  label_value_ = fields.get(options_.label);
  id_.clear();
  id_failure_.clear();
  if (!options_.id.text().empty()) {
    const FieldValue id = fields.get(options_.id);
    // Typed, so that the string "7" and the number 7 stay different ids.
    if (id.is_string()) id_.append("s").append(id.text);
    else if (id.is_number()) id_.append("n").append(id.text);
  } else if (id_expr_) {
    const ExprValue id = id_expr_->evaluate(ExprInput{fields, event.time});
    if (id_expr_->failed()) id_failure_ = "--id-expr: " + id_expr_->error();
    else if (id.type == ExprType::string) id_.append("s").append(id.text);
    else if (!id.is_null()) append_text(id_.append("n"), id);
  }
  present_ = extract(fields);
}

Score LogRegModel::score(const Event& event) {
  const size_t present = present_;
  const bool labelled = label_value_.present();
  const double label = labelled ? read_label(label_value_) : -1;
  if (labelled && label < 0) {
    reason_ = "--label " + options_.label.text() + " is neither true/false nor 1/0";
    return {ScoreOutcome::bad};
  }
  if (labelled && !id_.empty()) {
    if (const auto it = pending_.find(id_); it != pending_.end()) {
      if (!options_.freeze) train(it->second.features, label);
      pending_.erase(it);  // its deadline entry is dropped when it surfaces
      ++joined_;
      return {ScoreOutcome::label};
    }
  }
  if (labelled && present == 0) {
    ++unmatched_;  // a label whose event is gone (past --label-delay) or never came
    return {ScoreOutcome::label};
  }
  Score score;
  score.value = predict(features_);
  score.anomaly = trained_ >= options_.min_events && score.value > options_.threshold;
  if (options_.freeze) return score;
  if (labelled) train(features_, label);
  else if (!id_.empty()) wait_for_label(std::move(id_), event.time, event.seq);
  return score;
}

void LogRegModel::wait_for_label(std::string id, TimeUs time, uint64_t seq) {
  TimeUs deadline;
  if (__builtin_add_overflow(time, options_.label_delay, &deadline)) deadline = kMaxTime;
  deadlines_.push(Deadline{deadline, seq, id});
  // A later event with the same id replaces the waiting one: the label is for the latest.
  pending_.insert_or_assign(std::move(id), Pending{features_, deadline, seq});
}

void LogRegModel::on_watermark(TimeUs watermark) {
  while (!deadlines_.empty() && deadlines_.top().at < watermark) {
    const auto it = pending_.find(deadlines_.top().id);
    if (it != pending_.end() && it->second.seq == deadlines_.top().seq) {
      pending_.erase(it);
      ++expired_;
    }
    deadlines_.pop();
  }
}

std::vector<std::string> LogRegModel::summary() const {
  std::vector<std::string> lines;
  if (unmatched_ > 0)
    lines.push_back(fmt::format("{} {} no waiting event and no --features (passed on, not learned)", unmatched_,
                                unmatched_ == 1 ? "label had" : "labels had"));
  if (expired_ > 0)
    lines.push_back(fmt::format("{} {} no label within --label-delay (not learned)", expired_,
                                expired_ == 1 ? "event got" : "events got"));
  return lines;
}

void LogRegModel::save_model(const RecordSink& sink) const {
  std::string rec;
  {
    JsonObjectWriter w(rec);
    w.number("trained", trained_);
    w.finish();
  }
  sink(rec);
  for (size_t i = 0; i < n_.size(); ++i) {
    if (n_[i] == 0) continue;
    rec.clear();
    JsonObjectWriter w(rec);
    w.number("i", static_cast<uint64_t>(i));
    w.number("z", z_[i]);
    w.number("n", n_[i]);
    w.finish();
    sink(rec);
  }
}

void LogRegModel::save_buffers(const RecordSink& sink) const {
  // In arrival order, so that a restore rebuilds the same deadline order.
  std::vector<const std::pair<const std::string, Pending>*> waiting;
  for (const auto& entry : pending_) waiting.push_back(&entry);
  std::sort(waiting.begin(), waiting.end(), [](auto* a, auto* b) { return a->second.seq < b->second.seq; });
  std::string rec;
  for (const auto* entry : waiting) {
    rec.clear();
    JsonObjectWriter w(rec);
    w.string("id", entry->first);
    w.number("deadline", static_cast<int64_t>(entry->second.deadline));
    w.number("seq", entry->second.seq);
    w.key("features");
    rec.push_back('[');
    for (size_t i = 0; i < entry->second.features.size(); ++i) {
      if (i > 0) rec.push_back(',');
      rec.push_back('[');
      append_json_number(rec, static_cast<uint64_t>(entry->second.features[i].first));
      rec.push_back(',');
      append_json_number(rec, entry->second.features[i].second);
      rec.push_back(']');
    }
    rec.push_back(']');
    w.finish();
    sink(rec);
  }
}

void LogRegModel::load_model_record(const SnapshotValue& record) {
  if (const std::optional<SnapshotValue> trained = record.find("trained")) {
    trained_ = trained->as_uint64();
    return;
  }
  const uint64_t i = record.uint64("i");
  const double z = record.number("z");
  const double n = record.number("n");
  if (i > mask_) record["i"].fail("is past the model's weights");
  if (!(n > 0)) record["n"].fail("is not positive");
  if (n_[i] != 0) record["i"].fail("is there twice");
  z_[i] = z;
  n_[i] = n;
  ++touched_;
}

void LogRegModel::load_buffer_record(const SnapshotValue& record) {
  const std::string_view id = record.string("id");
  const TimeUs deadline = record.time("deadline");
  const uint64_t seq = record.uint64("seq");
  const SnapshotValue features = record["features"];
  Pending pending{{}, deadline, seq};
  for (const SnapshotValue pair : features.as_array()) {
    const SnapshotArray items = pair.as_array();
    if (items.size() != 2) features.fail("holds an item that is not an [index, value] pair");
    auto it = items.begin();
    const uint64_t i = (*it).as_uint64();
    const double x = (*++it).as_double();
    if (i > mask_) features.fail("holds an index past the model's weights");
    pending.features.emplace_back(static_cast<uint32_t>(i), x);
  }
  deadlines_.push(Deadline{deadline, seq, std::string(id)});
  pending_.insert_or_assign(std::string(id), std::move(pending));
}

}  // namespace ss
