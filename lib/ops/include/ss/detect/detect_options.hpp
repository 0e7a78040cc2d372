// Settings of ss-detect, filled from its flags (add_detect_flags) and fixed for the
// life of the operator.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/op/stream_options.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

enum class ModelKind {
  ewma,       ///< per key: event-time exponentially weighted mean and deviation of --field
  kmeans,     ///< streaming k-means over numeric --features, updated in mini-batches
  logreg,     ///< online logistic regression (FTRL-Proximal) trained on --label
  threshold,  ///< a fixed rule: --field above --above or below --below; nothing learned
};

struct DetectOptions {
  StreamOptions stream;
  ModelKind model = ModelKind::ewma;
  FieldPath field;                  ///< ewma, threshold: the value watched
  std::optional<double> above;      ///< threshold: anomaly when the value is above this
  std::optional<double> below;      ///< threshold: anomaly when the value is below this
  std::vector<FieldPath> features;  ///< kmeans, logreg
  TimeUs half_life = 0;             ///< ewma, kmeans: weight halves over this much event time
  double threshold = 0;             ///< anomaly when score > threshold (default per model)
  size_t min_events = 10;           ///< warm-up before anything is flagged
  double anomaly_weight = 0.05;     ///< learning weight of a flagged event (ewma, kmeans)
  TimeUs ttl = 0;                   ///< ewma: forget keys idle this long in event time; 0 = never
  size_t max_keys = 0;              ///< ewma: cap on keys held; 0 = no cap
  // kmeans
  size_t k = 0;
  size_t batch = 100;
  uint64_t seed = 1;
  std::vector<FieldPath> categorical;  ///< one-hot, each into `buckets` hashed dimensions
  size_t buckets = 8;
  // logreg
  FieldPath label;
  FieldPath id;         ///< empty text = no --id
  std::string id_expr;  ///< --id-expr: the id computed from each event (instead of --id)
  TimeUs label_delay = 0;
  double alpha = 0.5;  ///< FTRL learning rate
  double beta = 1.0;   ///< FTRL learning-rate smoothing
  double l1 = 1.0;
  double l2 = 1.0;
  unsigned hash_bits = 18;
  // Lifecycle and output
  bool freeze = false;
  std::string export_file;
  std::string model_in;
  bool only_anomalies = false;
};

/// Flag text kept until finish_detect_options() converts it.
struct DetectFlagText {
  StreamFlagText stream;
  std::string model;
  std::string field;
  std::string features;
  std::string categorical;
  std::string half_life;
  std::string threshold;
  std::string above;
  std::string below;
  std::string ttl;
  std::string label;
  std::string id;
  std::string id_expr;
  std::string label_delay;
  /// Flags that only some models take, with those models, checked once parsed.
  struct ModelFlag {
    const CLI::Option* option;
    std::vector<ModelKind> models;
  };
  std::vector<ModelFlag> model_flags;
};

/// Registers every ss-detect flag on `app` (tests parse argv with it).
void add_detect_flags(CLI::App& app, DetectOptions& options, DetectFlagText& text);
/// Converts and checks the flag text, including which flags each model takes; throws
/// ss::Error(usage) naming the flag.
void finish_detect_options(const DetectFlagText& text, DetectOptions& options);

/// The fields as the user listed them, `a,b.c`: for model files and snapshot parameters.
std::string field_list_text(const std::vector<FieldPath>& fields);

/// XXH64 of each field's name: the seeds that hash its values into weights or buckets.
std::vector<uint64_t> hash_field_names(const std::vector<FieldPath>& fields);

/// Default --threshold of each model.
double default_threshold(ModelKind model);
std::string_view model_name(ModelKind model);

}  // namespace ss
