// ss-detect as an operator: each event is scored by the model as it stands, passes on
// at once with "score" and "anomaly" (and "cluster" for kmeans) spliced in before its
// closing brace, and then teaches the model. Snapshots hold the model and what is in
// flight (a kmeans mini-batch, logreg events waiting for labels), so a run cut into
// pieces with --state writes the same bytes as one run.
#pragma once

#include <memory>
#include <string>

#include "ss/detect/detect_model.hpp"
#include "ss/detect/detect_options.hpp"
#include "ss/op/operator.hpp"

namespace ss {

/// The first member of a --export file, with the format's version.
inline constexpr std::string_view kModelFileTag = "ss_detect_model";

class DetectOperator final : public Operator {
 public:
  /// Builds the model and loads --model-in; throws ss::Error(io) when the file cannot
  /// be read and ss::Error(state) when it holds no model of this kind and structure.
  explicit DetectOperator(const DetectOptions& options);

  std::string_view tool() const override { return "detect"; }
  std::string semantic_params() const override;

  /// What the model reads.
  void read_fields(const Event& event) override;
  std::string_view read_failure() const override { return model_->read_failure(); }
  EventResult on_event(const Event& event, OutputBuffer& out) override;
  void on_watermark(TimeUs watermark, OutputBuffer& out) override;
  /// Writes --export: the model, whichever the end mode (nothing is held back).
  void on_end_of_input(EndMode mode, OutputBuffer& out) override;
  std::string_view bad_reason() const override { return bad_reason_; }
  bool passes_lines_through() const override { return true; }

  void snapshot(SnapshotWriter& writer) const override;
  void restore(SnapshotReader& reader) override;

  /// Writes the model as a --export file (temp file, then rename); throws ss::Error(io).
  void export_model(const std::string& path) const;
  /// Replaces the model with the one in a --export file.
  void import_model(const std::string& path);

  DetectModel& model() noexcept { return *model_; }
  uint64_t scored() const noexcept { return scored_; }
  uint64_t anomalies() const noexcept { return anomalies_; }
  uint64_t skipped() const noexcept { return skipped_; }

 private:
  std::string structure() const;

  const DetectOptions options_;
  std::unique_ptr<DetectModel> model_;
  std::string bad_reason_;
  std::string members_;  // the members spliced into the current event
  uint64_t scored_ = 0;
  uint64_t anomalies_ = 0;
  uint64_t skipped_ = 0;
};

}  // namespace ss
