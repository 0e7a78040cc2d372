#include "ss/detect/kmeans_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "ss/base/hash64.hpp"
#include "ss/base/rng.hpp"

namespace ss {

namespace {

/// Rounds of Lloyd's algorithm over the first batch after k-means++ picked its centres.
constexpr int kSeedingRounds = 5;
/// Spark's rule for a dying cluster: weight below this fraction of the largest one's.
constexpr double kDyingFraction = 1e-8;
/// Spark's nudge between the two halves of a split cluster, relative to each coordinate.
constexpr double kSplitNudge = 1e-14;
/// A cluster whose points all sit on its centre has no spread; distances are then
/// measured against this, so a point on the centre scores 0 and any other scores high.
constexpr double kMinSpread = 1e-9;

double distance(const double* a, const double* b, size_t dims) noexcept {
  double sum = 0;
  for (size_t i = 0; i < dims; ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(sum);
}

double uniform(uint64_t& state) noexcept { return static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53; }

void write_numbers(JsonObjectWriter& w, std::string& out, std::string_view name, const std::vector<double>& v) {
  w.key(name);
  out.push_back('[');
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_json_number(out, v[i]);
  }
  out.push_back(']');
}

/// The array member `name` of `size` numbers into `v`.
void read_numbers(const SnapshotValue& record, std::string_view name, size_t size, std::vector<double>& v) {
  const SnapshotValue array = record[name];
  const SnapshotArray items = array.as_array();
  if (items.size() != size) array.fail(fmt::format("has {} numbers, not {}", items.size(), size));
  v.clear();
  for (const SnapshotValue item : items) v.push_back(item.as_double());
}

}  // namespace

KMeansModel::KMeansModel(const DetectOptions& options)
    : options_(options),
      k_(options.k),
      dims_(options.features.size() + options.categorical.size() * options.buckets),
      category_seeds_(hash_field_names(options.categorical)),
      point_(dims_) {
  clear();
}

void KMeansModel::clear() {
  seeded_ = false;
  rng_ = options_.seed;
  learned_ = 0;
  updated_at_ = 0;
  centres_.assign(k_ * dims_, 0.0);
  weights_.assign(k_, 0.0);
  spreads_.assign(k_, 0.0);
  batch_.clear();
  batch_weights_.clear();
  batch_time_ = kMinTime;
}

void KMeansModel::write_structure(JsonObjectWriter& w) const {
  w.string("features", field_list_text(options_.features));
  w.string("categorical", field_list_text(options_.categorical));
  w.number("buckets", static_cast<uint64_t>(options_.categorical.empty() ? 0 : options_.buckets));
  w.number("k", static_cast<uint64_t>(k_));
}

std::pair<size_t, double> KMeansModel::nearest(const double* x) const noexcept {
  size_t best = 0;
  double best_distance = std::numeric_limits<double>::infinity();
  for (size_t j = 0; j < k_; ++j) {
    const double d = distance(x, centre(j), dims_);
    if (d < best_distance) {
      best = j;
      best_distance = d;
    }
  }
  return {best, best_distance};
}

void KMeansModel::read_fields(const Event& event) {
  usable_ = false;
  const size_t numeric = options_.features.size();
  for (size_t i = 0; i < numeric; ++i) {
    const FieldValue value = event.fields->get(options_.features[i]);
    if (!value.is_number()) return;
    point_[i] = value.number;
  }
  // A categorical value is a 1 in one of its field's buckets: two events with different
  // values are sqrt(2) apart in that field (unless their hashes collide).
  std::fill(point_.begin() + static_cast<long>(numeric), point_.end(), 0.0);
  for (size_t c = 0; c < options_.categorical.size(); ++c) {
    const FieldValue value = event.fields->get(options_.categorical[c]);
    if (!value.present() || value.type == ValueType::object || value.type == ValueType::array) return;
    const std::string_view text = value.type == ValueType::boolean ? (value.boolean ? "true" : "false") : value.text;
    point_[numeric + c * options_.buckets + hash64(text, category_seeds_[c]) % options_.buckets] = 1.0;
  }
  usable_ = true;
}

Score KMeansModel::score(const Event& event) {
  if (!usable_) return {ScoreOutcome::skipped};
  Score score{ScoreOutcome::no_model};
  if (seeded_) {
    const auto [j, d] = nearest(point_.data());
    score.outcome = ScoreOutcome::scored;
    score.cluster = static_cast<int64_t>(j);
    score.value = d / std::max(spreads_[j], kMinSpread);
    score.anomaly = learned_ >= options_.min_events && score.value > options_.threshold;
  }
  if (options_.freeze) return score;
  batch_.insert(batch_.end(), point_.begin(), point_.end());
  batch_weights_.push_back(score.anomaly ? options_.anomaly_weight : 1.0);
  batch_time_ = std::max(batch_time_, event.time);
  if (batch_weights_.size() >= options_.batch) learn_batch();
  return score;
}

void KMeansModel::learn_batch() {
  const size_t n = batch_weights_.size();
  if (!seeded_) {
    seed_centres();
  } else {
    const double discount =
        batch_time_ > updated_at_
            ? std::exp2(-static_cast<double>(batch_time_ - updated_at_) / static_cast<double>(options_.half_life))
            : 1.0;
    std::vector<double> sums(k_ * dims_, 0.0);
    std::vector<double> mass(k_, 0.0);
    std::vector<double> spread_sums(k_, 0.0);
    for (size_t p = 0; p < n; ++p) {
      const double* x = &batch_[p * dims_];
      const double w = batch_weights_[p];
      const auto [j, d] = nearest(x);
      for (size_t i = 0; i < dims_; ++i) sums[j * dims_ + i] += w * x[i];
      mass[j] += w;
      spread_sums[j] += w * d;
    }
    for (size_t j = 0; j < k_; ++j) {
      const double kept = weights_[j] * discount;
      const double total = kept + mass[j];
      weights_[j] = total;
      if (total <= 0) continue;
      for (size_t i = 0; i < dims_; ++i)
        centres_[j * dims_ + i] = (centres_[j * dims_ + i] * kept + sums[j * dims_ + i]) / total;
      spreads_[j] = (spreads_[j] * kept + spread_sums[j]) / total;
    }
    updated_at_ = std::max(updated_at_, batch_time_);
  }
  reseed_dying_clusters();
  learned_ += n;
  batch_.clear();
  batch_weights_.clear();
  batch_time_ = kMinTime;
}

void KMeansModel::seed_centres() {
  // k-means++: the first centre uniformly, each next one with probability
  // proportional to its squared distance from the centres chosen so far.
  const size_t n = batch_weights_.size();
  std::vector<double> d2(n, std::numeric_limits<double>::infinity());
  size_t pick = static_cast<size_t>(uniform(rng_) * static_cast<double>(n));
  for (size_t j = 0; j < k_; ++j) {
    std::copy_n(&batch_[pick * dims_], dims_, &centres_[j * dims_]);
    double total = 0;
    for (size_t p = 0; p < n; ++p) {
      const double d = distance(&batch_[p * dims_], centre(j), dims_);
      d2[p] = std::min(d2[p], d * d);
      total += d2[p];
    }
    double target = uniform(rng_) * total;
    pick = 0;
    if (total > 0) {
      while (pick + 1 < n && (target -= d2[pick]) >= 0) ++pick;
    } else {
      pick = static_cast<size_t>(uniform(rng_) * static_cast<double>(n));  // every point is a centre already
    }
  }
  std::vector<size_t> owner(n);
  for (int round = 0; round <= kSeedingRounds; ++round) {
    std::vector<double> sums(k_ * dims_, 0.0);
    std::fill(weights_.begin(), weights_.end(), 0.0);
    std::fill(spreads_.begin(), spreads_.end(), 0.0);
    for (size_t p = 0; p < n; ++p) {
      const auto [j, d] = nearest(&batch_[p * dims_]);
      owner[p] = j;
      weights_[j] += 1;
      spreads_[j] += d;
      for (size_t i = 0; i < dims_; ++i) sums[j * dims_ + i] += batch_[p * dims_ + i];
    }
    for (size_t j = 0; j < k_; ++j) {
      if (weights_[j] == 0) continue;
      spreads_[j] /= weights_[j];
      // The last round only measures weights and spreads around the final centres.
      if (round < kSeedingRounds)
        for (size_t i = 0; i < dims_; ++i) centres_[j * dims_ + i] = sums[j * dims_ + i] / weights_[j];
    }
  }
  seeded_ = true;
  updated_at_ = batch_time_;
}

void KMeansModel::reseed_dying_clusters() {
  for (size_t dying = 0; dying < k_; ++dying) {
    const size_t largest = static_cast<size_t>(std::max_element(weights_.begin(), weights_.end()) - weights_.begin());
    if (weights_[dying] >= kDyingFraction * weights_[largest] || dying == largest) continue;
    // Split the largest cluster in two halves nudged apart in a random direction; the
    // next batches pull them towards the two sides of its points.
    for (size_t i = 0; i < dims_; ++i) {
      double& c = centres_[largest * dims_ + i];
      const double nudge = kSplitNudge * std::max(std::fabs(c), 1.0) * (uniform(rng_) < 0.5 ? -1.0 : 1.0);
      centres_[dying * dims_ + i] = c + nudge;
      c -= nudge;
    }
    weights_[largest] /= 2;
    weights_[dying] = weights_[largest];
    spreads_[dying] = spreads_[largest];
    ++reseeded_;
  }
}

std::vector<std::string> KMeansModel::summary() const {
  if (reseeded_ == 0) return {};
  return {fmt::format("{} dying {} re-seeded", reseeded_, reseeded_ == 1 ? "cluster" : "clusters")};
}

void KMeansModel::save_model(const RecordSink& sink) const {
  if (!seeded_) return;
  std::string rec;
  JsonObjectWriter w(rec);
  w.number("rng", rng_);
  w.number("learned", learned_);
  w.number("updated_at", static_cast<int64_t>(updated_at_));
  write_numbers(w, rec, "centres", centres_);
  write_numbers(w, rec, "weights", weights_);
  write_numbers(w, rec, "spreads", spreads_);
  w.finish();
  sink(rec);
}

void KMeansModel::save_buffers(const RecordSink& sink) const {
  std::string rec;
  {
    JsonObjectWriter w(rec);
    w.number("rng", rng_);
    w.number("batch_time", static_cast<int64_t>(batch_time_));
    write_numbers(w, rec, "batch_weights", batch_weights_);
    write_numbers(w, rec, "batch", batch_);
    w.finish();
  }
  sink(rec);
}

void KMeansModel::load_model_record(const SnapshotValue& record) {
  rng_ = record.uint64("rng");
  learned_ = record.uint64("learned");
  const TimeUs updated_at = record.time("updated_at");
  read_numbers(record, "centres", k_ * dims_, centres_);
  read_numbers(record, "weights", k_, weights_);
  read_numbers(record, "spreads", k_, spreads_);
  updated_at_ = updated_at;
  seeded_ = true;
}

void KMeansModel::load_buffer_record(const SnapshotValue& record) {
  rng_ = record.uint64("rng");
  const TimeUs batch_time = record.time("batch_time");
  const size_t weights = record.array("batch_weights").size();
  if (weights >= options_.batch) record["batch_weights"].fail("holds a whole batch");
  read_numbers(record, "batch_weights", weights, batch_weights_);
  read_numbers(record, "batch", weights * dims_, batch_);
  batch_time_ = batch_time;
}

}  // namespace ss
