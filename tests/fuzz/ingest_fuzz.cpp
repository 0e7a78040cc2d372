// libFuzzer target for ss-ingest's line parsers. The first byte chooses the format (its
// value modulo the number of formats, '0' is json), the second its options (bits of
// its value: typed numbers, a line without a time passes, columns instead of a header
// row, a strptime time format in a zone); the rest is the log, cut at '\n'. Every line
// must give ok with one valid JSON object (with a `ts` when a time is required), skip or
// bad with nothing appended, never a crash or an exception; --format auto's sniffing
// must give a format or a usage error.
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "ss/base/error.hpp"
#include "ss/ingest/parser_factory.hpp"

namespace {

constexpr std::string_view kFormats[] = {
    "json",   "csv",      "tsv",    "logfmt",
    "common", "combined", "syslog", R"(regex:^(?<ts>\S+) (?<level>[A-Z]+) (?:\[(?<tid>\d+)\] )?(?<msg>.*)$)",
};
constexpr size_t kFormatCount = std::size(kFormats);

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string_view format = kFormats[data[0] % kFormatCount];
  const unsigned flags = data[1];
  const std::string_view log(reinterpret_cast<const char*>(data) + 2, size - 2);

  ss::ParserOptions options;
  options.format = std::string(format);
  options.typed_numbers = (flags & 1) != 0;
  options.require_time = (flags & 2) == 0;
  if ((flags & 4) != 0 && (format == "csv" || format == "tsv")) options.columns = {"ts", "user", "msg", "n"};
  if ((flags & 8) != 0 && format != "syslog" && format != "json") {
    options.time_format = "%Y-%m-%d %H:%M:%S";
    options.timezone = "Europe/Berlin";
  }
  options.reference_time = 1795428000000000;  // 2026-11-23: runs do not depend on the clock
  if (format == "json" || format == "logfmt" || format == "regex") options.time_field = "ts";

  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= log.size();) {
    size_t nl = log.find('\n', pos);
    if (nl == std::string_view::npos) nl = log.size();
    lines.push_back(log.substr(pos, nl - pos));
    pos = nl + 1;
  }

  try {
    const std::string sniffed = ss::sniff_format(lines);
    if (sniffed.empty()) ss::fuzz::fail("sniff_format gave no format", log);
  } catch (const ss::Error& e) {
    if (e.kind() != ss::ErrorKind::usage) ss::fuzz::fail("sniff_format: an error that is not a usage error", log);
  }

  std::unique_ptr<ss::LineParser> parser;
  try {
    parser = ss::make_line_parser(options);
  } catch (const ss::Error&) {
    ss::fuzz::fail("make_line_parser refused a fixed format", format);
  }
  std::string out;
  for (const std::string_view line : lines) {
    out.assign("prefix");
    const ss::ParseResult result = parser->parse(line, out);
    if (result.status != ss::ParseStatus::ok) {
      if (out != "prefix") ss::fuzz::fail("a line that is not ok appended output", line);
      if (result.status == ss::ParseStatus::bad && result.reason.empty())
        ss::fuzz::fail("a bad line without a reason", line);
      continue;
    }
    const std::string_view event = std::string_view(out).substr(6);
    if (!ss::fuzz::is_json_object(event))
      ss::fuzz::fail("not one valid JSON object", std::string(line) + "  ->  " + std::string(event));
    if (options.require_time && ss::fuzz::has_member(event, "ts") == false)
      ss::fuzz::fail("an event without ts", std::string(line) + "  ->  " + std::string(event));
  }
  return 0;
}
