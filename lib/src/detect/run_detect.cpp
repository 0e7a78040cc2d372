#include "ss/detect/run_detect.hpp"

#include <fmt/format.h>

#include "ss/cli/tool_main.hpp"
#include "ss/detect/detect_operator.hpp"
#include "ss/detect/ewma_model.hpp"
#include "ss/detect/kmeans_model.hpp"
#include "ss/detect/logreg_model.hpp"

namespace ss {

namespace {

void report(DetectOperator& op) {
  DetectModel& model = op.model();
  if (op.skipped() > 0)
    fmt::print(stderr, "{}: {} {} passed on unscored ({})\n", tool_name(), op.skipped(),
               op.skipped() == 1 ? "event" : "events", model.reason());
  if (const auto* ewma = dynamic_cast<const EwmaModel*>(&model); ewma && ewma->evicted_keys() > 0)
    fmt::print(stderr, "{}: {} idle or least recently updated {} forgotten (--ttl, --max-keys)\n", tool_name(),
               ewma->evicted_keys(), ewma->evicted_keys() == 1 ? "key" : "keys");
  if (const auto* kmeans = dynamic_cast<const KMeansModel*>(&model); kmeans && kmeans->reseeded_clusters() > 0)
    fmt::print(stderr, "{}: {} dying {} re-seeded\n", tool_name(), kmeans->reseeded_clusters(),
               kmeans->reseeded_clusters() == 1 ? "cluster" : "clusters");
  if (const auto* logreg = dynamic_cast<const LogRegModel*>(&model)) {
    if (logreg->labels_unmatched() > 0)
      fmt::print(stderr, "{}: {} {} no waiting event and no --features (passed on, not learned)\n", tool_name(),
                 logreg->labels_unmatched(), logreg->labels_unmatched() == 1 ? "label had" : "labels had");
    if (logreg->events_unlabelled() > 0)
      fmt::print(stderr, "{}: {} {} no label within --label-delay (not learned)\n", tool_name(),
                 logreg->events_unlabelled(), logreg->events_unlabelled() == 1 ? "event got" : "events got");
  }
}

}  // namespace

int run_detect(const DetectOptions& options, OutputBuffer& out, RunStats* stats) {
  DetectOperator op(options);
  const int status = run_operator(op, options.stream, out, stats);
  report(op);
  return status;
}

}  // namespace ss
