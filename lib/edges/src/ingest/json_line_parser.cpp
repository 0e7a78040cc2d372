#include "ss/ingest/json_line_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "ss/ingest/line_text.hpp"
#include "ss/json/field_path.hpp"
#include "ss/json/json_depth.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"
#include "ss/json/repeated_names.hpp"

namespace ss {

namespace {

/// True for `YYYY-MM-DDTHH:MM:SS.mmmZ` with seconds below 60: exactly the text that
/// append_rfc3339 writes for the time it denotes, so it needs no rewriting.
bool is_normalised_rfc3339(std::string_view t) noexcept {
  static constexpr std::string_view kShape = "0000-00-00T00:00:00.000Z";
  if (t.size() != kShape.size()) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    if (kShape[i] == '0') {
      if (t[i] < '0' || t[i] > '9') return false;
    } else if (t[i] != kShape[i]) {
      return false;
    }
  }
  return t[17] <= '5';  // a leap second :60 is written as the next minute
}

}  // namespace

JsonLineParser::JsonLineParser(const ParserOptions& options)
    : path_(FieldPath(options.time_field).segments()),
      time_is_ts_(options.time_field == "ts"),
      default_time_format_(options.time_format.empty()),
      require_time_(options.require_time),
      parse_in_place_(options.line_padding >= simdjson::SIMDJSON_PADDING),
      times_(options, "auto") {}

bool JsonLineParser::read_time(simdjson::dom::element value, TimeUs& out) {
  std::optional<TimeUs> t;
  switch (value.type()) {
    case simdjson::dom::element_type::STRING: {
      const std::string_view text = value.get_string().value_unsafe();
      if (times_.from_text(text, out)) return true;
      time_text_.assign(text);
      return false;
    }
    case simdjson::dom::element_type::INT64: t = times_.from_number(value.get_int64().value_unsafe()); break;
    case simdjson::dom::element_type::UINT64:
    case simdjson::dom::element_type::DOUBLE: t = times_.from_number(value.get_double().value_unsafe()); break;
    case simdjson::dom::element_type::OBJECT: time_text_ = "{…}"; return false;
    case simdjson::dom::element_type::ARRAY: time_text_ = "[…]"; return false;
    default: break;
  }
  if (t) {
    out = *t;
    return true;
  }
  time_text_ = simdjson::minify(value);
  return false;
}

void JsonLineParser::ready_fields(simdjson::dom::element doc, std::optional<std::string_view> ts) {
  fields_.reset(doc, parsed_, ts);
  fields_ready_ = true;
}

ParseResult JsonLineParser::parse(std::string_view line, std::string& out) {
  return parse_text(line, out, parse_in_place_);
}

ParseResult JsonLineParser::parse_text(std::string_view line, std::string& out, bool in_place) {
  fields_ready_ = false;
  line = strip_cr(line);
  const size_t first = skip_json_space(line, 0);
  if (first == line.size()) return {ParseStatus::skip, "blank line"};
  if (line[first] != '{') return {ParseStatus::bad, "expected a JSON object"};
  // The limit every tool applies, a little below the DOM parser's own.
  if (exceeds_json_depth(line)) return {ParseStatus::bad, kTooDeepReason};

  // A local, set once: storing the member and reading it back stalled on store forwarding.
  const char* text = line.data();
  if (!in_place) {
    if (line.size() + simdjson::SIMDJSON_PADDING > capacity_) {
      capacity_ = std::max(line.size() + simdjson::SIMDJSON_PADDING, capacity_ * 2);
      buffer_ = std::make_unique<char[]>(capacity_);
    }
    std::memcpy(buffer_.get(), line.data(), line.size());
    std::memset(buffer_.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);
    text = buffer_.get();
  }
  parsed_ = std::string_view(text, line.size());
  simdjson::dom::element doc;
  if (const auto error = parser_.parse(text, line.size(), false).get(doc)) {
    reason_ = fmt::format("invalid JSON ({})", simdjson::error_message(error));
    return {ParseStatus::bad, reason_};
  }
  simdjson::dom::object object;
  if (doc.get_object().get(object)) return {ParseStatus::bad, "expected a JSON object"};
  // A name given twice: the last wins. The event is written with it once, so the output,
  // --where and every later tool's lookup see the same value. Parsed again: rare.
  // The rewrite compares names as the DOM does (unescaped); should it ever leave
  // nothing out, the line is read as it stands rather than rewritten again and again.
  if (line.data() != without_repeats_.data() && has_repeated_names(doc)) {
    without_repeats_.clear();
    if (append_without_repeats(without_repeats_, line, first)) return parse_text(without_repeats_, out, false);
  }

  // The time field, down the dotted path.
  simdjson::dom::element value = doc;
  bool found = true;
  for (const std::string& key : path_) {
    simdjson::dom::object level;
    if (value.get_object().get(level) || level[key].get(value)) {
      found = false;
      break;
    }
  }
  TimeUs time = 0;
  const bool has_time = found && read_time(value, time);
  // The common case costs no formatting: a `ts` that is already written the way we
  // write it (an event that went through ss-ingest or ss-gen before).
  if (has_time && time_is_ts_ && default_time_format_ && value.is_string() &&
      is_normalised_rfc3339(value.get_string().value_unsafe())) {
    out.append(line);
    ready_fields(doc);
    return {ParseStatus::ok, {}};
  }
  if (!has_time) {
    if (require_time_) return {ParseStatus::bad, found ? times_.unparseable(time_text_) : times_.missing()};
    out.append(line);
    ready_fields(doc);
    return {ParseStatus::ok, {}};
  }

  members_.assign("\"ts\":");
  append_json_time(members_, time);
  const std::string_view quoted = std::string_view(members_).substr(5);
  const std::string_view normalised = quoted.substr(1, quoted.size() - 2);
  if (time_is_ts_ && value.is_string() && value.get_string().value_unsafe() == normalised) {
    out.append(line);
    ready_fields(doc);
    return {ParseStatus::ok, {}};
  }
  // Where the top-level `ts` member sits, if there is one: the DOM keeps members in
  // document order, so its position among them finds its raw text.
  size_t index = 0;
  bool has_ts = false;
  for (const auto member : object) {
    if (member.key == "ts") {
      has_ts = true;
      break;
    }
    ++index;
  }
  if (has_ts) {
    const auto [begin, end] = json_child_value(line, first, index);
    out.append(line.substr(0, begin));
    out.append(quoted);
    out.append(line.substr(end));
  } else if (!splice_members(out, line, members_)) {
    return {ParseStatus::bad, "expected a JSON object"};  // not reached: the line is an object
  }
  ready_fields(doc, normalised);
  return {ParseStatus::ok, {}};
}

}  // namespace ss
