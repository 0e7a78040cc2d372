#include "ss/report/run_report.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <string>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/op/diagnostics.hpp"
#include "ss/op/progress.hpp"
#include "ss/report/html_page.hpp"
#include "ss/report/report_builder.hpp"
#include "ss/report/row_reader.hpp"
#include "ss/state/temp_file.hpp"

namespace ss {

namespace {

std::string make_page(const ReportOptions& options) {
  Diagnostics diagnostics(options.stream.bad_lines_file, "", options.stream.strict);
  RowReader reader(options.stream, diagnostics);
  reader.lines().set_before_block([&diagnostics] { diagnostics.flush(); });
  ReportBuilder builder(options);
  const bool show_progress = options.stream.progress.value_or(isatty(2) && reader.lines().total_size() > 0);
  Progress progress(show_progress, reader.lines().total_size());
  for (;;) {
    const ReadStatus status = reader.next();
    if (status == ReadStatus::end) break;
    // A stop (Ctrl-C on a live pipeline) ends the input: the page shows what came so far.
    if (status == ReadStatus::interrupted) {
      if (stop_requested()) break;
      continue;
    }
    builder.add(reader);
    progress.update(reader.lines().bytes_read(), reader.rows());
  }
  progress.finish(reader.lines().bytes_read(), reader.rows());
  diagnostics.flush();
  diagnostics.print_summary(reader.rows());
  return render_report_page(builder.finish(reader, diagnostics));
}

}  // namespace

int run_report(const ReportOptions& options, OutputBuffer& out) {
  out.buffer() += make_page(options);
  out.flush();
  return 0;
}

int run_report(const ReportOptions& options) {
  if (options.output.empty()) {
    OutputBuffer out(1, "<stdout>");
    return run_report(options, out);
  }
  // Checked before the input is read, so an unwritable place fails at once, with a
  // message naming -o's file rather than the temporary one beside it.
  const size_t slash = options.output.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : options.output.substr(0, slash);
  if (::access(dir.c_str(), W_OK) != 0)
    throw_io(fmt::format("-o {}: cannot write in {}: {}", options.output, dir, std::strerror(errno)));
  TempFile file(options.output);
  file.write(make_page(options));
  file.commit(false);
  return 0;
}

}  // namespace ss
