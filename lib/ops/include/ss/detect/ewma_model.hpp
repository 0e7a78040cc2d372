// --model ewma: per key, an exponentially weighted mean and mean absolute deviation of
// one numeric field, decayed by event time (a half-life, not a count of events, so a
// burst does not wash out the past). Score: |x - mean| / (1.2533 * deviation), which
// for normal data is a z-score. Keys idle for --ttl, or beyond --max-keys, are forgotten.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "ss/base/string_map.hpp"
#include "ss/detect/detect_model.hpp"
#include "ss/detect/detect_options.hpp"

namespace ss {

/// The statistics of one key, and the update they follow.
struct EwmaStats {
  double weight = 0;  ///< decayed sum of the learning weights seen
  double mean = 0;
  double deviation = 0;  ///< weighted mean of |x - mean| (mean before x)
  uint64_t events = 0;   ///< events learned
  TimeUs last = 0;       ///< latest event time learned

  /// |x - mean| in units of the deviation, scaled to a standard deviation.
  double score(double x) const noexcept;
  /// Decays by 2^(-(time - last) / half_life), or not at all for an event older than
  /// `last` (out of order), then adds x with learning weight `w`.
  void learn(double x, TimeUs time, double w, TimeUs half_life) noexcept;
};

class EwmaModel final : public DetectModel {
 public:
  explicit EwmaModel(const DetectOptions& options);

  void write_structure(JsonObjectWriter& w) const override;
  void read_fields(const Event& event) override;
  Score score(const Event& event) override;
  void on_watermark(TimeUs watermark) override;

  size_t model_records() const override { return keys_.size(); }
  void save_model(const RecordSink& sink) const override;
  void save_buffers(const RecordSink&) const override {}
  void clear() override;
  void load_model_record(const SnapshotValue& record) override;
  /// ewma keeps no buffers: any buffer record is refused.
  void load_buffer_record(const SnapshotValue& record) override {
    record.fail("is not expected: ewma keeps no buffers");
  }
  std::string_view reason() const override { return "--field missing or not a number"; }
  std::vector<std::string> summary() const override;

  size_t keys() const noexcept { return keys_.size(); }
  uint64_t evicted_keys() const noexcept { return evicted_; }

 private:
  struct Node;
  using Keys = StringMap<Node>;
  /// A key's statistics, linked in least recently updated order (the map's nodes do
  /// not move, so the links stay valid while it rehashes).
  struct Node {
    EwmaStats stats;
    Keys::value_type* older = nullptr;
    Keys::value_type* newer = nullptr;
  };

  /// Adds a key not held yet, as the newest.
  Keys::value_type& touch(std::string_view key);
  void link_newest(Keys::value_type& entry);
  void unlink(Keys::value_type& entry);
  void forget(Keys::value_type& entry);

  const DetectOptions& options_;
  bool has_value_ = false;  ///< the current event's --field is a number
  double value_ = 0;        ///< that number
  // State saved by snapshot() (keys in least recently updated order) -----
  Keys keys_;
  Keys::value_type* oldest_ = nullptr;
  Keys::value_type* newest_ = nullptr;
  // -----------------------------------------------------------------------
  uint64_t evicted_ = 0;
};

}  // namespace ss
