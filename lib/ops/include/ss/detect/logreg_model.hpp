// --model logreg: online logistic regression, FTRL-Proximal (McMahan et al., "Ad Click
// Prediction: a View from the Trenches", 2013) over hashed --features. Events that
// carry --label train it (after being scored, like every event); the others are scored.
// With --id, an unlabelled event waits up to --label-delay of event time for a later
// event with the same id and a label, which then trains the model with the waiting
// event's features: fraud labels (chargebacks) arrive days after the payment.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ss/detect/detect_model.hpp"
#include "ss/detect/detect_options.hpp"
#include "ss/expr/expression.hpp"
#include "ss/json/field_source.hpp"
#include "ss/json/field_value.hpp"

namespace ss {

/// Features of one event after hashing: (weight index, value) pairs, the bias first.
using HashedFeatures = std::vector<std::pair<uint32_t, double>>;

class LogRegModel final : public DetectModel {
 public:
  explicit LogRegModel(const DetectOptions& options);

  void write_structure(JsonObjectWriter& w) const override;
  void read_fields(const Event& event) override;
  std::string_view read_failure() const override { return id_failure_; }
  Score score(const Event& event) override;
  void on_watermark(TimeUs watermark) override;

  size_t model_records() const override { return 1 + touched_; }
  void save_model(const RecordSink& sink) const override;
  void save_buffers(const RecordSink& sink) const override;
  void clear() override;
  void load_model_record(const SnapshotValue& record) override;
  void load_buffer_record(const SnapshotValue& record) override;
  std::string_view reason() const override { return reason_; }
  std::vector<std::string> summary() const override;

  /// Probability of a positive label for `features`.
  double predict(const HashedFeatures& features) const noexcept;
  /// One FTRL-Proximal step towards `label` (0 or 1).
  void train(const HashedFeatures& features, double label) noexcept;

  uint64_t trained() const noexcept { return trained_; }
  uint64_t labels_joined() const noexcept { return joined_; }
  uint64_t labels_unmatched() const noexcept { return unmatched_; }
  uint64_t events_unlabelled() const noexcept { return expired_; }
  size_t waiting() const noexcept { return pending_.size(); }

 private:
  struct Pending {
    HashedFeatures features;
    TimeUs deadline;
    uint64_t seq;
  };
  struct Deadline {
    TimeUs at;
    uint64_t seq;
    std::string id;
    bool operator>(const Deadline& o) const noexcept { return at != o.at ? at > o.at : seq > o.seq; }
  };

  double weight(uint32_t i) const noexcept;
  /// Hashes the --features of the current event into features_; returns how many
  /// fields were present.
  size_t extract(FieldSource& fields);
  void wait_for_label(std::string id, TimeUs time, uint64_t seq);

  const DetectOptions& options_;
  const uint32_t mask_;
  const std::vector<uint64_t> field_seeds_;  // hash64 of each feature's name
  HashedFeatures features_;                  // the current event's
  std::optional<Expression> id_expr_;        ///< --id-expr
  std::string id_failure_;                   ///< why --id-expr failed for the event read
  std::string id_;                           ///< the current event's id (typed), empty without one
  FieldValue label_value_;                   ///< the current event's --label
  size_t present_ = 0;                       ///< the current event's --features found
  std::string reason_;

  // State saved by snapshot() ---------------------------------------------
  std::vector<double> z_;  // FTRL's z per weight
  std::vector<double> n_;  // sum of squared gradients per weight
  size_t touched_ = 0;     // weights with n > 0
  uint64_t trained_ = 0;
  std::unordered_map<std::string, Pending> pending_;  // id -> event waiting for its label
  // -----------------------------------------------------------------------
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  uint64_t joined_ = 0;
  uint64_t unmatched_ = 0;
  uint64_t expired_ = 0;
};

}  // namespace ss
