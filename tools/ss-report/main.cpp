// ss-report: one self-contained HTML page (inline SVG charts, no network) about the
// sessions of ss-sessionize or the windows of ss-window.
#include <CLI/CLI.hpp>

#include "ss/cli/tool_main.hpp"
#include "ss/report/report_options.hpp"
#include "ss/report/run_report.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Write an HTML report (top keys, charts over time, histograms) of sessions or windows", "ss-report"};
  ss::ReportOptions options;
  ss::ReportFlagText text;
  ss::add_report_flags(app, options, text);
  return ss::run_cli(app, argc, argv, [&] {
    ss::finish_report_options(text, options);
    return ss::run_report(options);
  });
}
