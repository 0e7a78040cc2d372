// --model threshold: a fixed rule, not a learned model. The score of an event is the
// value of --field itself, and the event is an anomaly when it is above --above or
// below --below: "more than 20 failed logins a minute from one address", fed by
// ss-window. Nothing is learned, so there is nothing to save, but the model fits the
// same interface as the learned ones (snapshots and --export hold no records).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/detect/detect_model.hpp"
#include "ss/detect/detect_options.hpp"

namespace ss {

class ThresholdModel final : public DetectModel {
 public:
  explicit ThresholdModel(const DetectOptions& options) : options_(options) {}

  void write_structure(JsonObjectWriter& w) const override;
  void read_fields(const Event& event) override;
  Score score(const Event& event) override;
  void on_watermark(TimeUs) override {}

  size_t model_records() const override { return 0; }
  void save_model(const RecordSink&) const override {}
  void save_buffers(const RecordSink&) const override {}
  void clear() override {}
  /// The thresholds are flags: no record is expected.
  void load_model_record(const SnapshotValue& record) override {
    record.fail("is not expected: threshold learns nothing");
  }
  void load_buffer_record(const SnapshotValue& record) override {
    record.fail("is not expected: threshold learns nothing");
  }
  std::string_view reason() const override { return "--field missing or not a number"; }
  std::vector<std::string> summary() const override { return {}; }

 private:
  const DetectOptions& options_;
  bool has_value_ = false;  ///< the current event's --field is a number
  double value_ = 0;        ///< that number
};

}  // namespace ss
