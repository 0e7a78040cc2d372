// ss-detect: anomaly and fraud scores from models that learn online (ewma, kmeans, logreg).
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/detect/run_detect.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Score each event with a model that keeps learning from the stream, and flag anomalies", "ss-detect"};
  ss::DetectOptions options;
  ss::DetectFlagText text;
  ss::add_detect_flags(app, options, text);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_detect_options(text, options);
    return ss::run_detect(options);
  });
}
