#include "ss/ingest/json_line_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "ss/ingest/line_text.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.emplace_back(path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool is_json_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// End (one past the closing bracket) of the valid JSON object or array at `begin`.
size_t container_end(std::string_view json, size_t begin) noexcept {
  int depth = 0;
  for (size_t i = begin; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '"') {
      for (++i; i < json.size() && json[i] != '"'; ++i)
        if (json[i] == '\\') ++i;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return json.size();
}

}  // namespace

JsonLineParser::JsonLineParser(const ParserOptions& options)
    : path_(split_path(options.time_field)), require_time_(options.require_time), times_(options, "auto") {}

JsonLineParser::Token JsonLineParser::token_of(std::string_view raw) const noexcept {
  // raw_json_token() runs on to the next token; the value ends at its last non-space.
  while (!raw.empty() && is_json_space(raw.back())) raw.remove_suffix(1);
  Token token;
  token.found = true;
  token.begin = static_cast<size_t>(raw.data() - buffer_.get());
  token.end = token.begin + raw.size();
  return token;
}

simdjson::error_code JsonLineParser::walk_object(simdjson::ondemand::object object, size_t depth, bool on_path) {
  for (auto field_result : object) {
    simdjson::ondemand::field field;
    if (auto e = std::move(field_result).get(field)) return e;
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return e;
    simdjson::ondemand::value value = field.value();
    if (depth == 0 && !ts_token_.found && key == "ts") ts_token_ = token_of(value.raw_json_token());
    const bool match = on_path && depth < path_.size() && key == path_[depth];
    simdjson::error_code e;
    if (match && depth + 1 == path_.size() && !time_token_.found) {
      time_token_ = token_of(value.raw_json_token());
      e = take_time(value);
    } else {
      e = walk_value(value, depth + 1, match);
    }
    if (e) return e;
  }
  return simdjson::SUCCESS;
}

simdjson::error_code JsonLineParser::walk_value(simdjson::ondemand::value value, size_t depth, bool on_path) {
  // Every scalar is read, not skipped: On-Demand only checks what is consumed, and a
  // line that passes must be valid JSON for the next tool.
  simdjson::ondemand::json_type type;
  if (auto e = value.type().get(type)) return e;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (auto e = value.get_object().get(object)) return e;
      return walk_object(object, depth, on_path);
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (auto e = value.get_array().get(array)) return e;
      for (auto element_result : array) {
        simdjson::ondemand::value element;
        if (auto e = std::move(element_result).get(element)) return e;
        if (auto e = walk_value(element, depth + 1, false)) return e;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view s;
      return value.get_string().get(s);
    }
    case simdjson::ondemand::json_type::number: {
      simdjson::ondemand::number n;
      return value.get_number().get(n);
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      return value.get_bool().get(b);
    }
    case simdjson::ondemand::json_type::null: {
      bool is_null = false;
      if (auto e = value.is_null().get(is_null)) return e;
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::TAPE_ERROR;
}

simdjson::error_code JsonLineParser::take_time(simdjson::ondemand::value value) {
  time_text_ = std::string_view(buffer_.get() + time_token_.begin, time_token_.end - time_token_.begin);
  simdjson::ondemand::json_type type;
  if (auto e = value.type().get(type)) return e;
  if (type == simdjson::ondemand::json_type::string) {
    std::string_view text;
    if (auto e = value.get_string().get(text)) return e;
    time_text_ = text;
    event_time_ = times_.from_text(text);
    return simdjson::SUCCESS;
  }
  if (type == simdjson::ondemand::json_type::number) {
    simdjson::ondemand::number n;
    if (auto e = value.get_number().get(n)) return e;
    if (n.is_int64()) event_time_ = times_.from_number(n.get_int64());
    else event_time_ = times_.from_number(n.as_double());
    return simdjson::SUCCESS;
  }
  // Not a time: name the value for the reason (a container's token is its bracket).
  if (type == simdjson::ondemand::json_type::object) time_text_ = "{…}";
  if (type == simdjson::ondemand::json_type::array) time_text_ = "[…]";
  return walk_value(value, path_.size(), false);
}

ParseResult JsonLineParser::parse(std::string_view line, std::string& out) {
  line = strip_cr(line);
  const auto first = std::find_if_not(line.begin(), line.end(), is_json_space);
  if (first == line.end()) return {ParseStatus::skip, "blank line"};
  if (*first != '{') return {ParseStatus::bad, "expected a JSON object"};

  if (line.size() + simdjson::SIMDJSON_PADDING > capacity_) {
    capacity_ = std::max(line.size() + simdjson::SIMDJSON_PADDING, capacity_ * 2);
    buffer_ = std::make_unique<char[]>(capacity_);
  }
  std::memcpy(buffer_.get(), line.data(), line.size());
  std::memset(buffer_.get() + line.size(), 0, simdjson::SIMDJSON_PADDING);

  time_token_ = {};
  ts_token_ = {};
  event_time_.reset();
  time_text_ = {};
  simdjson::ondemand::document doc;
  auto error = parser_.iterate(buffer_.get(), line.size(), capacity_).get(doc);
  if (!error) {
    simdjson::ondemand::object object;
    error = doc.get_object().get(object);
    if (!error) error = walk_object(object, 0, true);
  }
  if (!error) {
    // Anything after the closing brace is still in bounds.
    const char* rest = nullptr;
    if (!doc.current_location().get(rest)) error = simdjson::TRAILING_CONTENT;
  }
  if (error) {
    reason_ = fmt::format("invalid JSON ({})", simdjson::error_message(error));
    return {ParseStatus::bad, reason_};
  }

  if (!time_token_.found || !event_time_) {
    if (require_time_) {
      return {ParseStatus::bad, time_token_.found ? times_.unparseable(time_text_) : times_.missing()};
    }
    out.append(line);
    return {ParseStatus::ok, {}};
  }

  if (ts_token_.found && (line[ts_token_.begin] == '{' || line[ts_token_.begin] == '[')) {
    // A container's token is only its bracket; the whole value goes.
    ts_token_.end = container_end(line, ts_token_.begin);
  }
  members_.assign("\"ts\":\"");
  const size_t value_start = members_.size() - 1;
  append_rfc3339(members_, *event_time_);
  members_.push_back('"');
  const std::string_view quoted = std::string_view(members_).substr(value_start);
  if (ts_token_.found) {
    const std::string_view old = line.substr(ts_token_.begin, ts_token_.end - ts_token_.begin);
    if (old == quoted) {
      out.append(line);
    } else {
      out.append(line.substr(0, ts_token_.begin));
      out.append(quoted);
      out.append(line.substr(ts_token_.end));
    }
  } else if (!splice_members(out, line, members_)) {
    return {ParseStatus::bad, "expected a JSON object"};  // unreachable: the walk saw a whole object
  }
  return {ParseStatus::ok, {}};
}

}  // namespace ss
