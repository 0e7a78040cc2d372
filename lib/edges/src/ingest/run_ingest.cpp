#include "ss/ingest/run_ingest.hpp"

#include "ingest_runner.hpp"

namespace ss {

int run_ingest(const IngestOptions& options, OutputBuffer& out) {
  IngestRunner runner(options, out);
  return runner.run();
}

int run_ingest(const IngestOptions& options) {
  OutputBuffer out(1, "<stdout>");
  return run_ingest(options, out);
}

}  // namespace ss
