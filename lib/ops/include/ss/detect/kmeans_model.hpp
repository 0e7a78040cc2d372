// --model kmeans: streaming k-means over numeric --features (and --categorical fields,
// one-hot into hashed buckets), as Spark's StreamingKMeans learns it. Each event is scored against the centres as they
// are, then waits in a mini-batch of --batch events; a full batch moves each centre to the weighted mean of its old
// position (its weight decayed by the event time passed since the last batch, with --half-life) and the batch's points
// assigned to it. The first batch seeds the centres with k-means++ (seeded, so runs repeat). A cluster whose weight
// falls below 1e-8 of the largest one is re-seeded by splitting the largest. Score: distance to the nearest centre /
// that cluster's weighted mean distance.
#pragma once

#include <cstdint>
#include <vector>

#include "ss/detect/detect_model.hpp"
#include "ss/detect/detect_options.hpp"

namespace ss {

class KMeansModel final : public DetectModel {
 public:
  explicit KMeansModel(const DetectOptions& options);

  void write_structure(JsonObjectWriter& w) const override;
  void read_fields(const Event& event) override;
  Score score(const Event& event) override;
  void on_watermark(TimeUs) override {}

  size_t model_records() const override { return seeded_ ? 1 : 0; }
  void save_model(const RecordSink& sink) const override;
  void save_buffers(const RecordSink& sink) const override;
  void clear() override;
  void load_model_record(const SnapshotValue& record) override;
  void load_buffer_record(const SnapshotValue& record) override;
  std::string_view reason() const override {
    return "a --features field missing or not a number, or a --categorical field missing";
  }
  std::vector<std::string> summary() const override;

  bool seeded() const noexcept { return seeded_; }
  /// Centre `j`, dims() numbers; valid while seeded().
  const double* centre(size_t j) const noexcept { return &centres_[j * dims_]; }
  size_t dims() const noexcept { return dims_; }
  uint64_t reseeded_clusters() const noexcept { return reseeded_; }

 private:
  /// Nearest centre to `x` (the lowest index on ties) and its Euclidean distance.
  std::pair<size_t, double> nearest(const double* x) const noexcept;
  void learn_batch();
  void seed_centres();
  void reseed_dying_clusters();

  const DetectOptions& options_;
  const size_t k_;
  const size_t dims_;                           // numeric features, then the buckets
  const std::vector<uint64_t> category_seeds_;  // hash64 of each categorical field's name
  std::vector<double> point_;                   // the event being scored
  bool usable_ = false;                         // point_ holds every field of the event

  // State saved by snapshot() --------------------------------------------
  bool seeded_ = false;
  uint64_t rng_;                 // splitmix64 state, for seeding and re-seeding
  uint64_t learned_ = 0;         // events learned through complete batches
  TimeUs updated_at_ = 0;        // latest event time of the batches learned
  std::vector<double> centres_;  // k * dims
  std::vector<double> weights_;  // decayed weight of each cluster
  std::vector<double> spreads_;  // weighted mean distance of its points
  std::vector<double> batch_;    // points waiting, dims each
  std::vector<double> batch_weights_;
  TimeUs batch_time_ = kMinTime;  // latest event time in the batch
  // -----------------------------------------------------------------------
  uint64_t reseeded_ = 0;
};

}  // namespace ss
