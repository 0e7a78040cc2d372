#include "ss/detect/detect_options.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>

#include "ss/base/error.hpp"
#include "ss/base/hash64.hpp"
#include "ss/expr/expression.hpp"
#include "ss/time/duration.hpp"

namespace ss {

namespace {

/// Access logs stamp a line with the start of its request and write it when the
/// request ends, as ss-window and ss-sessionize assume: events may be this late.
constexpr const char* kDefaultDetectLateness = "2m";

}  // namespace

std::string field_list_text(const std::vector<FieldPath>& fields) {
  std::string text;
  for (const auto& f : fields) text += (text.empty() ? "" : ",") + f.text();
  return text;
}

std::vector<uint64_t> hash_field_names(const std::vector<FieldPath>& fields) {
  std::vector<uint64_t> seeds;
  for (const auto& f : fields) seeds.push_back(hash64(f.text()));
  return seeds;
}

std::string_view model_name(ModelKind model) {
  switch (model) {
    case ModelKind::ewma: return "ewma";
    case ModelKind::kmeans: return "kmeans";
    case ModelKind::logreg: return "logreg";
    case ModelKind::threshold: return "threshold";
  }
  return "";
}

double default_threshold(ModelKind model) {
  switch (model) {
    case ModelKind::ewma: return 4.0;     // deviations of about 4 standard deviations
    case ModelKind::kmeans: return 3.0;   // three times the cluster's mean distance
    case ModelKind::logreg: return 0.5;   // more likely positive than not
    case ModelKind::threshold: return 0;  // --above and --below instead
  }
  return 0;
}

void add_detect_flags(CLI::App& app, DetectOptions& options, DetectFlagText& text) {
  constexpr auto ewma = ModelKind::ewma;
  constexpr auto kmeans = ModelKind::kmeans;
  constexpr auto logreg = ModelKind::logreg;
  constexpr auto threshold = ModelKind::threshold;
  const auto only = [&text](CLI::Option* option, std::vector<ModelKind> models) {
    text.model_flags.push_back({option, std::move(models)});
    return option;
  };
  add_input_flags(app, options.stream, text.stream);
  app.add_option("--model", text.model,
                 "ewma (per key, one --field), kmeans or logreg (over --features), or threshold (a fixed bound on "
                 "--field)")
      ->required();
  only(app.add_option("--field", text.field, "ewma, threshold: the numeric field watched, e.g. latency_ms (required)"),
       {ewma, threshold});
  only(app.add_option("--above", text.above,
                      "threshold: flag events whose --field is above this number (default: no upper bound)"),
       {threshold});
  only(app.add_option("--below", text.below,
                      "threshold: flag events whose --field is below this number (default: no lower bound)"),
       {threshold});
  only(app.add_option("--features", text.features,
                      "kmeans: numeric fields; logreg: fields of any type (strings are hashed); comma-separated "
                      "(required)"),
       {kmeans, logreg});
  only(app.add_option("--half-life", text.half_life,
                      "ewma, kmeans: past events weigh half as much after this much event time, e.g. 10m (required)"),
       {ewma, kmeans});
  only(app.add_option("--threshold", text.threshold,
                      "Flag events whose score is above this (default: ewma 4, kmeans 3, logreg 0.5)"),
       {ewma, kmeans, logreg});
  only(app.add_option("--min-events", options.min_events,
                      "Learn from this many events (ewma: of the key; logreg: labelled ones) before flagging any")
           ->default_str("10"),
       {ewma, kmeans, logreg});
  only(app.add_option("--anomaly-weight", options.anomaly_weight,
                      "ewma, kmeans: weight with which a flagged event updates the model, 0 to 1")
           ->default_str("0.05"),
       {ewma, kmeans});
  only(app.add_option("--ttl", text.ttl, "ewma: forget keys idle this long in event time (default: never)"), {ewma});
  only(app.add_option("--max-keys", options.max_keys,
                      "ewma: hold at most this many keys, forgetting the least recently updated (default: no cap)"),
       {ewma});
  only(app.add_option("--k", options.k, "kmeans: number of clusters (required)"), {kmeans});
  only(app.add_option("--batch", options.batch, "kmeans: events per mini-batch update")->default_str("100"), {kmeans});
  only(app.add_option("--categorical", text.categorical,
                      "kmeans: fields of any type besides --features, each one-hot into --buckets hashed dimensions"),
       {kmeans});
  only(app.add_option("--buckets", options.buckets, "kmeans with --categorical: dimensions per categorical field")
           ->default_str("8"),
       {kmeans});
  only(app.add_option("--seed", options.seed, "kmeans: seed of the k-means++ initialisation")->default_str("1"),
       {kmeans});
  only(app.add_option("--label", text.label, "logreg: field holding the label, true/false or 1/0 (required)"),
       {logreg});
  only(app.add_option("--id", text.id, "logreg: field that joins a late label to its event (with --label-delay)"),
       {logreg});
  only(app.add_option("--id-expr", text.id_expr,
                      "logreg: compute the id that joins a late label to its event with this expression (ss-expr(7)), "
                      "e.g. 'account + \"/\" + string(order)'"),
       {logreg});
  only(app.add_option("--label-delay", text.label_delay,
                      "logreg with --id: unlabelled events wait this long in event time for their label, e.g. 1d"),
       {logreg});
  only(app.add_option("--alpha", options.alpha, "logreg: FTRL learning rate alpha")->default_str("0.5"), {logreg});
  only(app.add_option("--beta", options.beta, "logreg: FTRL learning-rate smoothing beta")->default_str("1"), {logreg});
  only(app.add_option("--l1", options.l1, "logreg: L1 regularisation (sparse weights)")->default_str("1"), {logreg});
  only(app.add_option("--l2", options.l2, "logreg: L2 regularisation")->default_str("1"), {logreg});
  only(app.add_option("--hash-bits", options.hash_bits, "logreg: features are hashed into 2^N weights, N from 4 to 24")
           ->default_str("18"),
       {logreg});
  app.add_flag("--freeze", options.freeze, "Score without learning (e.g. with a model trained yesterday, --model-in)");
  app.add_option("--export", options.export_file, "At end of input, write the learned model to this file as JSON");
  app.add_option("--model-in", options.model_in,
                 "Start from a model written by --export (a restored --state snapshot takes precedence)");
  app.add_flag("--only-anomalies", options.only_anomalies, "Write only the flagged events");
  only(app.add_option("--key", text.stream.key, "ewma: one model per key; key fields, comma-separated"), {ewma});
  only(app.add_option("--shard", text.stream.shard,
                      "ewma with --key: keep only the keys of shard I of N (Kafka's murmur2 partitioner), e.g. 0/4"),
       {ewma});
  add_time_flags(app, text.stream, kDefaultDetectLateness);
  add_state_flags(app, options.stream, false);
  add_late_flag(app, options.stream);
  add_diagnostic_flags(app, options.stream, text.stream);
}

void finish_detect_options(const DetectFlagText& text, DetectOptions& options) {
  finish_stream_options(text.stream, options.stream);
  if (text.model == "ewma") options.model = ModelKind::ewma;
  else if (text.model == "kmeans") options.model = ModelKind::kmeans;
  else if (text.model == "logreg") options.model = ModelKind::logreg;
  else if (text.model == "threshold") options.model = ModelKind::threshold;
  else throw_usage("--model: expected ewma, kmeans, logreg or threshold, got \"" + text.model + "\"");
  const ModelKind model = options.model;
  for (const auto& flag : text.model_flags) {
    if (flag.option->count() == 0) continue;
    if (std::find(flag.models.begin(), flag.models.end(), model) != flag.models.end()) continue;
    std::string models;
    for (const ModelKind m : flag.models)
      models += std::string(models.empty() ? "" : " or ") + std::string(model_name(m));
    throw_usage(flag.option->get_name() + " applies to --model " + models + ", not " + text.model);
  }

  if (model == ModelKind::ewma || model == ModelKind::threshold) {
    if (text.field.empty()) throw_usage("--model " + text.model + " needs --field (the numeric field watched)");
    options.field = FieldPath(text.field);
  } else {
    if (text.features.empty()) throw_usage("--model " + text.model + " needs --features f1,f2,...");
    options.features = parse_field_list(text.features);
  }
  if (model == ModelKind::threshold) {
    const auto bound = [](const std::string& value, const char* flag) -> std::optional<double> {
      if (value.empty()) return std::nullopt;
      try {
        size_t used = 0;
        const double x = std::stod(value, &used);
        if (used == value.size() && std::isfinite(x)) return x;
      } catch (const std::exception&) {
      }
      throw_usage(std::string(flag) + ": expected a number, got \"" + value + "\"");
    };
    options.above = bound(text.above, "--above");
    options.below = bound(text.below, "--below");
    if (!options.above && !options.below) throw_usage("--model threshold needs --above N, --below N or both");
    if (options.freeze) throw_usage("--model threshold learns nothing: --freeze does not apply");
  }
  if (model == ModelKind::ewma || model == ModelKind::kmeans) {
    if (text.half_life.empty())
      throw_usage("--model " + text.model + " needs --half-life (how fast the past fades, e.g. 10m)");
    options.half_life = positive_duration(text.half_life, "--half-life", "10m");
  }

  options.threshold = default_threshold(model);
  if (!text.threshold.empty()) {
    try {
      size_t used = 0;
      options.threshold = std::stod(text.threshold, &used);
      if (used != text.threshold.size() || !std::isfinite(options.threshold)) throw std::invalid_argument("");
    } catch (const std::exception&) {
      throw_usage("--threshold: expected a number, got \"" + text.threshold + "\"");
    }
  }
  if (!(options.anomaly_weight >= 0 && options.anomaly_weight <= 1))
    throw_usage("--anomaly-weight: expected a number from 0 to 1");
  if (options.stream.shard && options.stream.key.empty()) throw_usage("--shard needs --key");
  if (!text.ttl.empty()) options.ttl = positive_duration(text.ttl, "--ttl", "1h");

  if (model == ModelKind::kmeans) {
    if (options.k == 0) throw_usage("--model kmeans needs --k N (N >= 1 clusters)");
    if (options.batch == 0) throw_usage("--batch: expected a positive number of events");
    if (options.batch < options.k) throw_usage("--batch must be at least --k: the first batch seeds the centres");
    if (!text.categorical.empty()) options.categorical = parse_field_list(text.categorical);
    else if (options.buckets != 8) throw_usage("--buckets needs --categorical (the fields hashed into them)");
    if (options.buckets == 0) throw_usage("--buckets: expected a positive number");
  }

  if (model == ModelKind::logreg) {
    if (text.label.empty()) throw_usage("--model logreg needs --label FIELD (true/false or 1/0)");
    options.label = FieldPath(text.label);
    if (!text.id.empty() && !text.id_expr.empty()) throw_usage("--id and --id-expr exclude each other");
    if (!text.id.empty() || !text.id_expr.empty()) {
      if (!text.id.empty()) options.id = FieldPath(text.id);
      if (!text.id_expr.empty()) options.id_expr = Expression::compile(text.id_expr, "--id-expr").canonical();
      const char* flag = text.id.empty() ? "--id-expr" : "--id";
      if (text.label_delay.empty())
        throw_usage(std::string(flag) + " needs --label-delay DUR (how long events wait for labels)");
      options.label_delay = positive_duration(text.label_delay, "--label-delay", "1d");
    } else if (!text.label_delay.empty()) {
      throw_usage("--label-delay needs --id (the field that joins a label to its event)");
    }
    if (options.hash_bits < 4 || options.hash_bits > 24) throw_usage("--hash-bits: expected 4 to 24");
    if (!(options.alpha > 0)) throw_usage("--alpha: expected a positive number");
    if (!(options.beta >= 0)) throw_usage("--beta: expected a number >= 0");
    if (!(options.l1 >= 0)) throw_usage("--l1: expected a number >= 0");
    if (!(options.l2 >= 0)) throw_usage("--l2: expected a number >= 0");
  }
  if (options.freeze && !options.stream.state_dir.empty())
    throw_usage("--freeze learns nothing, so it has no state to keep: --state does not apply");
}

}  // namespace ss
