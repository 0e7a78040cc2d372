#include "ss/detect/ewma_model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace ss {

namespace {

/// sqrt(pi/2): the mean absolute deviation of a normal distribution times this is its
/// standard deviation, so scores read as z-scores.
constexpr double kDeviationToStddev = 1.2533141373155003;
/// A series that never varied has no deviation; the scale is then this fraction of
/// its mean (at least of 1), so a constant series scores 0 and any change scores high.
constexpr double kMinRelativeScale = 1e-9;

}  // namespace

double EwmaStats::score(double x) const noexcept {
  const double scale = std::max(kDeviationToStddev * deviation, kMinRelativeScale * std::max(1.0, std::fabs(mean)));
  return std::fabs(x - mean) / scale;
}

void EwmaStats::learn(double x, TimeUs time, double w, TimeUs half_life) noexcept {
  if (events > 0 && time > last)
    weight *= std::exp2(-static_cast<double>(time - last) / static_cast<double>(half_life));
  weight += w;
  if (events == 0) {
    mean = x;
    deviation = 0;
    last = time;
  } else if (weight > 0) {
    const double r = w / weight;
    deviation += r * (std::fabs(x - mean) - deviation);
    mean += r * (x - mean);
  }
  last = std::max(last, time);
  ++events;
}

EwmaModel::EwmaModel(const DetectOptions& options) : options_(options) {}

void EwmaModel::write_structure(JsonObjectWriter& w) const {
  w.string("field", options_.field.text());
  w.string("key", field_list_text(options_.stream.key));
}

void EwmaModel::read_fields(const Event& event) {
  const FieldValue value = event.fields->get(options_.field);
  has_value_ = value.is_number();
  value_ = value.number;
}

Score EwmaModel::score(const Event& event) {
  if (!has_value_) return {ScoreOutcome::skipped};
  const double x = value_;
  auto found = keys_.find(event.key);
  if (found == keys_.end() && options_.freeze) return {ScoreOutcome::no_model};
  auto& entry = found != keys_.end() ? *found : touch(event.key);
  EwmaStats& stats = entry.second.stats;
  Score score{ScoreOutcome::no_model};
  if (stats.events > 0) {
    score.outcome = ScoreOutcome::scored;
    score.value = stats.score(x);
    score.anomaly = stats.events >= options_.min_events && score.value > options_.threshold;
  }
  if (options_.freeze) return score;
  stats.learn(x, event.time, score.anomaly ? options_.anomaly_weight : 1.0, options_.half_life);
  if (found != keys_.end()) {
    unlink(entry);
    link_newest(entry);
  }
  if (options_.max_keys > 0 && keys_.size() > options_.max_keys) {
    ++evicted_;
    forget(*oldest_);  // the key just updated is the newest, so this is another one
  }
  return score;
}

void EwmaModel::on_watermark(TimeUs watermark) {
  if (options_.ttl == 0) return;
  // Keys are in arrival order of their latest event, which is event-time order up to
  // --lateness: a key may outlive its --ttl by that much, never less.
  TimeUs cutoff;
  if (__builtin_sub_overflow(watermark, options_.ttl, &cutoff)) return;
  while (oldest_ && oldest_->second.stats.last < cutoff) {
    ++evicted_;
    forget(*oldest_);
  }
}

EwmaModel::Keys::value_type& EwmaModel::touch(std::string_view key) {
  auto& entry = *keys_.try_emplace(std::string(key)).first;
  link_newest(entry);
  return entry;
}

void EwmaModel::link_newest(Keys::value_type& entry) {
  entry.second.older = newest_;
  entry.second.newer = nullptr;
  if (newest_) newest_->second.newer = &entry;
  newest_ = &entry;
  if (!oldest_) oldest_ = &entry;
}

void EwmaModel::unlink(Keys::value_type& entry) {
  Node& node = entry.second;
  if (node.older) node.older->second.newer = node.newer;
  else oldest_ = node.newer;
  if (node.newer) node.newer->second.older = node.older;
  else newest_ = node.older;
  node.older = node.newer = nullptr;
}

void EwmaModel::forget(Keys::value_type& entry) {
  unlink(entry);
  keys_.erase(entry.first);
}

std::vector<std::string> EwmaModel::summary() const {
  if (evicted_ == 0) return {};
  return {fmt::format("{} idle or least recently updated {} forgotten (--ttl, --max-keys)", evicted_,
                      evicted_ == 1 ? "key" : "keys")};
}

void EwmaModel::clear() {
  keys_.clear();
  oldest_ = newest_ = nullptr;
}

void EwmaModel::save_model(const RecordSink& sink) const {
  std::string rec;
  for (const Keys::value_type* entry = oldest_; entry; entry = entry->second.newer) {
    const EwmaStats& s = entry->second.stats;
    rec.clear();
    JsonObjectWriter w(rec);
    w.string("key", entry->first);
    w.number("weight", s.weight);
    w.number("mean", s.mean);
    w.number("deviation", s.deviation);
    w.number("events", s.events);
    w.number("last", static_cast<int64_t>(s.last));
    w.finish();
    sink(rec);
  }
}

void EwmaModel::load_model_record(const SnapshotValue& record) {
  const std::string_view key = record.string("key");
  EwmaStats s;
  s.weight = record.number("weight");
  s.mean = record.number("mean");
  s.deviation = record.number("deviation");
  s.events = record.uint64("events");
  s.last = record.time("last");
  if (keys_.count(key) != 0) record["key"].fail("is there twice");
  touch(key).second.stats = s;
}

}  // namespace ss
