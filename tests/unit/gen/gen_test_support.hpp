// Helpers shared by the generator's tests: run a generator to a string, split lines,
// read a JSON line's fields with simdjson.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/gen/event_generator.hpp"
#include "ss/gen/gen_options.hpp"
#include "ss/time/timestamp.hpp"

namespace ss::gen_test {

inline std::string generate(const GenOptions& options) {
  EventGenerator generator(options);
  std::string out;
  while (generator.append_line(out) == LineResult::written) {
  }
  return out;
}

/// Lines without their newline, as views into `text` (keep it alive while they are used).
inline std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) break;
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

/// The event time of a good JSON line, or nullopt for a line the tools would count as
/// bad: not JSON, not an object, no `ts`, or a `ts` that is not an RFC 3339 string. The
/// DOM parser validates the whole line, so a truncated tail is noticed too.
inline std::optional<TimeUs> event_time(simdjson::dom::parser& parser, std::string_view line) {
  simdjson::dom::element doc;
  if (parser.parse(line.data(), line.size()).get(doc)) return std::nullopt;
  simdjson::dom::object object;
  if (doc.get_object().get(object)) return std::nullopt;
  std::string_view ts;
  if (object["ts"].get_string().get(ts)) return std::nullopt;
  return parse_rfc3339(ts);
}

}  // namespace ss::gen_test
