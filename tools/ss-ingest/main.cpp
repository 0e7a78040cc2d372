// ss-ingest: parse logs in common formats into NDJSON events, replayed or live, resumable.
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/ingest/ingest_options.hpp"
#include "ss/ingest/run_ingest.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "Parse log lines (json, csv, tsv, logfmt, common, combined, syslog, regex) into NDJSON events; "
      "follow live files; resume from checkpoints",
      "ss-ingest"};
  ss::IngestOptions options;
  ss::IngestFlagText text;
  ss::add_ingest_flags(app, options, text);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_ingest_options(text, options);
    return ss::run_ingest(options);
  });
}
