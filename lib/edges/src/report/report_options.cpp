#include "ss/report/report_options.hpp"

#include <CLI/CLI.hpp>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"

namespace ss {

void add_report_flags(CLI::App& app, ReportOptions& options, ReportFlagText& text) {
  add_input_flags(app, options.stream, text.stream, "rows");
  allow_empty_value(app.add_option("--title", options.title, "Title and heading of the page; empty: no heading")
                        ->default_str("ss-report"));
  app.add_option("--key", text.stream.key,
                 "Key fields, comma-separated; dotted paths reach into objects (default: the key fields the rows "
                 "carry: those before session_id, or the text fields after the window times)");
  app.add_option("--fields", text.fields,
                 "Fields to chart over time, comma-separated (default: events for sessions, else the numeric "
                 "fields of the first row)");
  app.add_option("--by", text.by,
                 "Field whose sum ranks the keys in the top table (default: events for sessions, else the first "
                 "of --fields)");
  app.add_option("--top", options.top, "Keys in the top table; the charts draw the first 8 of them")->default_str("10");
  app.add_option("-o,--output", options.output, "Write the page to this file (default: stdout)");
  add_diagnostic_flags(app, options.stream, text.stream, "rows");
}

void finish_report_options(const ReportFlagText& text, ReportOptions& options) {
  finish_stream_options(text.stream, options.stream);
  if (!text.fields.empty()) {
    try {
      options.fields = parse_field_list(text.fields);
    } catch (const Error& e) {
      throw_usage("--fields: expected field names separated by commas, e.g. n,p99, got \"" + text.fields + "\" (" +
                  e.what() + ")");
    }
  }
  if (!text.by.empty()) options.by = FieldPath(text.by);
  if (options.top == 0) throw_usage("--top: must be greater than zero");
  if (options.output == "-") options.output.clear();
}

}  // namespace ss
