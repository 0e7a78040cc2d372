#include "ss/ingest/parser_factory.hpp"

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/ingest/access_log_parser.hpp"
#include "ss/ingest/csv_line_parser.hpp"
#include "ss/ingest/json_line_parser.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/ingest/log_format_parser.hpp"
#include "ss/ingest/logfmt_line_parser.hpp"
#include "ss/ingest/regex_line_parser.hpp"
#include "ss/ingest/syslog_line_parser.hpp"

namespace ss {

namespace {

/// Application logs whose layout is fixed enough to know: each is a pattern, read as
/// --format regex would read it. The names are static: a parser keeps a view of its own.
struct Layout {
  std::string_view name;
  std::string_view pattern;
  std::string_view time_format;  ///< when the user gives none
};

// log4j's and logback's usual `%d %-5p [%t] %c - %m`, with the variants Hadoop
// (`%c: %m`) and ZooKeeper (`%d - %-5p [%t] - %m`, no logger) write.
constexpr Layout kLog4j{"log4j",
                        R"(^(?<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{1,9})(?: -)? +(?<level>[A-Z]+) +)"
                        R"(\[(?<thread>.*?)\] +(?:(?<logger>[^\s:]+)(?::| +-) |- )(?<message>.*)$)",
                        "%Y-%m-%d %H:%M:%S,%f"};
// Python logging's `%(asctime)s - %(name)s - %(levelname)s - %(message)s`.
constexpr Layout kPython{"python",
                         R"(^(?<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{1,9}) - (?<logger>\S+) - (?<level>[A-Z]+) - )"
                         R"((?<message>.*)$)",
                         "%Y-%m-%d %H:%M:%S,%f"};
// An ISO 8601 time and a level, as many services write: `2026-12-06T10:00:00Z ERROR msg`.
constexpr Layout kIsoLevel{"isolevel",
                           R"(^(?<ts>\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?) +)"
                           R"(\[?(?<level>TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|CRITICAL|FATAL)\]?:? +)"
                           R"((?<message>.*)$)",
                           ""};
constexpr Layout kLayouts[] = {kLog4j, kPython, kIsoLevel};

}  // namespace

std::unique_ptr<LineParser> make_line_parser(const ParserOptions& options) {
  const std::string_view format = options.format;
  if (format == "apache" || format == "nginx") {
    if (options.log_format.empty())
      throw_usage(fmt::format("--format {} needs --log-format, the format line of the server's configuration", format));
    return std::make_unique<LogFormatParser>(options,
                                             format == "apache" ? LogFormatDialect::apache : LogFormatDialect::nginx);
  }
  if (!options.log_format.empty())
    throw_usage(fmt::format("--log-format applies to --format apache and nginx, not {}", format));
  if (format == "json") return std::make_unique<JsonLineParser>(options);
  if (format == "csv") return std::make_unique<CsvLineParser>(options, ',');
  if (format == "tsv") return std::make_unique<CsvLineParser>(options, '\t');
  if (format == "logfmt") return std::make_unique<LogfmtLineParser>(options);
  if (format == "common") return std::make_unique<AccessLogParser>(options, false);
  if (format == "combined") return std::make_unique<AccessLogParser>(options, true);
  if (format == "syslog") return std::make_unique<SyslogLineParser>(options);
  if (format.substr(0, 6) == "regex:") return std::make_unique<RegexLineParser>(options, format.substr(6));
  for (const Layout& layout : kLayouts) {
    if (format != layout.name) continue;
    ParserOptions own = options;
    own.time_field = "ts";
    if (own.time_format.empty()) own.time_format = std::string(layout.time_format);
    own.skip_unmatched = false;
    return std::make_unique<RegexLineParser>(own, layout.pattern, layout.name);
  }
  if (format == "auto") throw Error(ErrorKind::internal, "--format auto must be resolved with sniff_format() first");
  throw_usage(
      fmt::format("unknown format \"{}\" (expected json, csv, tsv, logfmt, common, combined, apache, nginx, syslog, "
                  "log4j, python, isolevel, regex:PATTERN or auto)",
                  format));
}

namespace {

/// How many of `lines` the format's parser takes as events. Sniffing is about layout,
/// not time: times need not be present or readable.
size_t count_fitting(std::string_view format, const std::vector<std::string_view>& lines) {
  ParserOptions options;
  options.format = std::string(format);
  options.require_time = false;
  options.reference_time = 1;  // no clock read: the year is irrelevant here
  const auto parser = make_line_parser(options);
  std::string out;
  size_t fitting = 0;
  for (const std::string_view line : lines) {
    out.clear();
    if (parser->parse(line, out).status == ParseStatus::ok) ++fitting;
  }
  return fitting;
}

/// Combined when its lines fit it and one at least has referer and user agent: the
/// combined parser takes common-log lines too, so a log of both is read as combined and
/// loses no referer or user agent.
bool fits_combined(const std::vector<std::string_view>& lines, size_t needed) {
  ParserOptions options;
  options.format = "combined";
  options.require_time = false;
  options.reference_time = 1;
  AccessLogParser parser(options, true);
  std::string out;
  size_t fitting = 0;
  bool rich = false;
  for (const std::string_view line : lines) {
    out.clear();
    if (parser.parse(line, out).status != ParseStatus::ok) continue;
    ++fitting;
    rich = rich || parser.had_combined_fields();
  }
  return rich && fitting >= needed;
}

bool fits_logfmt(std::string_view line) {
  // Free text parses as logfmt too (every word a flag): ask for a majority of pairs.
  size_t pairs = 0, words = 0;
  size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && line[pos] == ' ') ++pos;
    if (pos == line.size()) break;
    ++words;
    const size_t start = pos;
    bool in_quotes = false;
    while (pos < line.size() && (in_quotes || line[pos] != ' ')) {
      if (line[pos] == '"') in_quotes = !in_quotes;
      if (line[pos] == '\\') ++pos;
      ++pos;
    }
    const std::string_view word = line.substr(start, pos - start);
    const size_t eq = word.find('=');
    if (eq != std::string_view::npos && eq > 0) ++pairs;
  }
  return pairs > 0 && pairs * 2 > words;
}

/// csv/tsv: the first line (the header) has the separator, and every line splits into
/// as many fields as it.
bool fits_separated(std::string_view format, const std::vector<std::string_view>& lines) {
  const char separator = format == "tsv" ? '\t' : ',';
  if (lines[0].find(separator) == std::string_view::npos) return false;
  ParserOptions options;
  options.format = std::string(format);
  options.require_time = false;
  CsvLineParser parser(options, separator);
  std::string out;
  for (const std::string_view line : lines) {
    out.clear();
    if (parser.parse(line, out).status == ParseStatus::bad) return false;
  }
  return true;
}

}  // namespace

std::string sniff_format(const std::vector<std::string_view>& first_lines) {
  constexpr size_t kSample = 20;
  std::vector<std::string_view> lines;
  for (const std::string_view raw : first_lines) {
    const std::string_view line = strip_cr(raw);
    if (is_blank(line)) continue;
    lines.push_back(line);
    if (lines.size() == kSample) break;
  }
  if (lines.empty()) throw_usage("cannot tell the format of an empty input: give --format");
  const size_t needed = (lines.size() * 9 + 9) / 10;  // at least 90%, rounded up

  if (count_fitting("json", lines) >= needed) return "json";
  if (fits_combined(lines, needed)) return "combined";
  for (const std::string_view format : {"common", "syslog", "log4j", "python", "isolevel"}) {
    if (count_fitting(format, lines) >= needed) return std::string(format);
  }
  {
    ParserOptions options;
    options.format = "logfmt";
    options.require_time = false;
    LogfmtLineParser parser(options);
    std::string out;
    size_t fitting = 0;
    for (const std::string_view line : lines) {
      out.clear();
      if (fits_logfmt(line) && parser.parse(line, out).status == ParseStatus::ok) ++fitting;
    }
    if (fitting >= needed) return "logfmt";
  }
  for (const std::string_view format : {"csv", "tsv"}) {
    if (fits_separated(format, lines)) return std::string(format);
  }
  throw_usage(fmt::format("cannot tell the format from the first {} lines ({}): give --format", lines.size(),
                          shown_line(lines[0], 60)));
}

}  // namespace ss
