#include "ss/ingest/log_format_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>

#include "apache_text.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {

namespace {

bool is_list(LogValueType type) noexcept {
  return type == LogValueType::client || type == LogValueType::time_list || type == LogValueType::text_list;
}

std::string member_key(std::string_view name) {
  std::string key;
  append_json_string(key, name);
  key.push_back(':');
  return key;
}

/// `12` or `0.125`: digits with an optional fraction.
bool is_decimal(std::string_view s) noexcept {
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s);
  return all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
}

/// A decimal as a JSON number: no leading zeros before the point.
void append_decimal(std::string& out, std::string_view s) {
  const size_t dot = s.find('.');
  append_digits(out, s.substr(0, dot));
  if (dot != std::string_view::npos) out.append(s.substr(dot));
}

/// The sum of nginx's upstream times, `0.010, 0.002 : 0.001` (`,` between upstreams
/// tried, `:` across an internal redirect), `-` items left out, written in seconds with
/// as many decimals as the most precise item. Exact: summed in fixed point. False when an
/// item is not a decimal or none is a number.
bool append_time_sum(std::string& out, std::string_view list) {
  int64_t sum = 0;  // in units of 10^-9 s
  size_t decimals = 0;
  bool any = false;
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t end = list.find_first_of(",:", pos);
    if (end == std::string_view::npos) end = list.size();
    std::string_view item = list.substr(pos, end - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item != "-") {
      if (!is_decimal(item)) return false;
      const size_t dot = item.find('.');
      const std::string_view whole = item.substr(0, dot);
      const std::string_view fraction = dot == std::string_view::npos ? std::string_view() : item.substr(dot + 1);
      if (whole.size() > 9 || fraction.size() > 9) return false;
      int64_t value = 0;
      for (const char c : whole) value = value * 10 + (c - '0');
      for (size_t k = 0; k < 9; ++k) value = value * 10 + (k < fraction.size() ? fraction[k] - '0' : 0);
      sum += value;
      decimals = std::max(decimals, fraction.size());
      any = true;
    }
    pos = end + 1;
  }
  if (!any) return false;
  fmt::format_to(std::back_inserter(out), "{}", sum / 1000000000);
  if (decimals > 0) {
    const std::string fraction = fmt::format("{:09}", sum % 1000000000);
    out.push_back('.');
    out.append(fraction, 0, decimals);
  }
  return true;
}

}  // namespace

LogFormatParser::LogFormatParser(const ParserOptions& options, LogFormatDialect dialect)
    : format_(dialect, options.log_format),
      require_time_(options.require_time),
      clf_(options.time_format.empty() && format_.steps()[format_.time_step()].time_spec == "clf"),
      times_(options, format_.steps()[format_.time_step()].time_spec) {
  const auto& steps = format_.steps();
  const std::string& time_spec = steps[format_.time_step()].time_spec;
  time_spaces_ = time_spec == "clf" ? 1 : static_cast<size_t>(std::count(time_spec.begin(), time_spec.end(), ' '));
  if (!options.time_format.empty())
    time_spaces_ = options.time_format == "clf"
                       ? 1
                       : static_cast<size_t>(std::count(options.time_format.begin(), options.time_format.end(), ' '));
  keys_.resize(steps.size());
  list_keys_.resize(steps.size());
  values_.resize(steps.size());
  may_span_words_.resize(steps.size());
  std::string last;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].literal) continue;
    const LogValueType type = steps[i].type;
    may_span_words_[i] = !steps[i].quoted && steps[i].terminator != " " && type != LogValueType::user &&
                         type != LogValueType::time_list && type != LogValueType::text_list;
    keys_[i] = member_key(steps[i].name);
    list_keys_[i] = member_key(steps[i].name + "_list");
    last = fmt::format("{} ({})", steps[i].name, steps[i].directive);
  }
  end_expectation_ = steps.back().literal ? fmt::format("expected the end of the line after \"{}\"", steps.back().text)
                                          : fmt::format("expected the end of the line after {}", last);
}

std::string_view LogFormatParser::split(std::string_view line) {
  const auto& steps = format_.steps();
  const size_t n = line.size();
  size_t pos = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    const LogFormatStep& step = steps[i];
    if (step.literal) {
      // Most literals are one byte (a space, a bracket): no call to compare for those.
      const size_t size = step.text.size();
      if (size == 1 ? pos >= n || line[pos] != step.text[0] : line.compare(pos, size, step.text) != 0)
        return step.expectation;
      pos += size;
      continue;
    }
    std::string_view value;
    if (step.quoted) {
      if (pos < n && line[pos] == '"') {
        const size_t close = unescaped_quote(line, pos + 1);
        if (close == std::string_view::npos) {
          // A line cut short inside its last field keeps what it has; nothing after it
          // could be misread.
          if (i + 1 != steps.size()) return step.unclosed;
          value = line.substr(pos + 1);
          pos = n;
        } else {
          value = line.substr(pos + 1, close - pos - 1);
          pos = close + 1;
        }
      } else if (pos < n && line[pos] == '-') {
        value = "-";  // an empty value, which servers may write without quotes
        ++pos;
      } else {
        return step.expectation;
      }
    } else {
      // The last field ends at the end of the line; one that cannot hold a space ends at
      // the first, so that text after it is reported as such.
      const bool last = step.terminator.empty();
      const std::string_view terminator = last ? std::string_view(" ") : std::string_view(step.terminator);
      // A time written with spaces (CLF's `10/Oct/2000:13:55:36 -0700` unbracketed) holds
      // as many as its format: the terminator is looked for after them.
      size_t from = pos;
      const bool spaced_time = step.type == LogValueType::time && terminator[0] == ' ';
      for (size_t k = 0; spaced_time && k < time_spaces_ && from != std::string_view::npos; ++k) {
        from = line.find(' ', from);
        if (from != std::string_view::npos) ++from;
      }
      if (from == std::string_view::npos) return step.expectation;
      size_t end = last && (step.type == LogValueType::user || step.type == LogValueType::time) ? std::string_view::npos
                   : terminator.size() == 1 ? line.find(terminator[0], from)
                                            : line.find(terminator, from);
      if (end == std::string_view::npos && !last) return steps[i + 1].expectation;
      // Lists: addresses behind proxies, `a, b`, and nginx's upstreams, `a, b : c`.
      while (end != std::string_view::npos && is_list(step.type)) {
        size_t next;
        if (end > pos && line[end - 1] == ',') {
          next = end + terminator.size();
        } else if (step.type != LogValueType::client && line.compare(end, 3, " : ") == 0) {
          next = end + 3;
        } else {
          break;
        }
        end = line.find(terminator, next);
        if (end == std::string_view::npos && !last) return steps[i + 1].expectation;
      }
      if (end == std::string_view::npos) end = n;
      value = line.substr(pos, end - pos);
      pos = end;
    }
    if (value.empty()) return step.expectation;
    values_[i] = value;
  }
  if (pos != n) return end_expectation_;
  return {};
}

bool LogFormatParser::append_field(const LogFormatStep& step, size_t index, std::string_view value, std::string& out,
                                   EventObject& event) {
  // keys_ hold the quoted name with its colon.
  const auto key = [&](const std::string& k) {
    event.separate();
    out += k;
  };
  switch (step.type) {
    case LogValueType::request: {
      // append_request writes a comma before each of its members.
      event.separate();
      const size_t at = out.size();
      append_request(out, value);
      out.erase(at, 1);
      return true;
    }
    case LogValueType::client: {
      std::string_view list = value;
      if (list.size() >= 2 && list.front() == '"' && list.back() == '"') list = list.substr(1, list.size() - 2);
      std::string_view client = list;
      const bool is_list = std::memchr(list.data(), ',', list.size()) != nullptr;
      if (is_list) client = first_of_list(list);
      if (client.empty() || client.find(' ') != std::string_view::npos) break;
      key(keys_[index]);
      append_json_string(out, client);
      if (is_list) {
        out.push_back(',');
        out += list_keys_[index];
        append_json_string(out, list);
      }
      return true;
    }
    default: break;
  }
  if (value == "-") return true;
  // An unquoted field read up to a text longer than one space could span words: only
  // a user name may.
  if (may_span_words_[index] && value.find(' ') != std::string_view::npos) return false;
  switch (step.type) {
    case LogValueType::text:
    case LogValueType::text_list:
      key(keys_[index]);
      append_json_string(out, value);
      return true;
    case LogValueType::escaped:
      key(keys_[index]);
      append_apache_string(out, value);
      return true;
    case LogValueType::user:
      if (value.size() > 1 && value[0] == '-' && value[1] == ' ') return false;  // a token too many
      key(keys_[index]);
      append_json_string(out, value);
      return true;
    case LogValueType::integer:
      if (!all_digits(value)) return false;
      key(keys_[index]);
      append_digits(out, value);
      return true;
    case LogValueType::decimal:
      if (!is_decimal(value)) return false;
      key(keys_[index]);
      append_decimal(out, value);
      return true;
    case LogValueType::time_list: {
      key(keys_[index]);
      if (!append_time_sum(out, value)) return false;
      if (value.find_first_of(",:") != std::string_view::npos) {
        out.push_back(',');
        out += list_keys_[index];
        append_json_string(out, value);
      }
      return true;
    }
    default: return false;
  }
}

ParseResult LogFormatParser::parse(std::string_view line, std::string& out) {
  line = strip_cr(line);
  if (is_blank(line)) return {ParseStatus::skip, "blank line"};
  line = as_valid_utf8(line, utf8_scratch_);
  if (const std::string_view reason = split(line); !reason.empty()) return {ParseStatus::bad, reason};

  const auto& steps = format_.steps();
  const std::string_view time_text = values_[format_.time_step()];
  const std::optional<TimeUs> t = times_.from_access_log_text(time_text, clf_);
  if (!t && require_time_) return {ParseStatus::bad, times_.unparseable(time_text)};

  const size_t start = out.size();
  EventObject event(out, t);
  for (size_t i = 0; i < steps.size(); ++i) {
    const LogFormatStep& step = steps[i];
    if (step.literal || step.type == LogValueType::time) continue;
    if (!append_field(step, i, values_[i], out, event)) {
      out.resize(start);
      return {ParseStatus::bad, step.expectation};
    }
  }
  event.close();
  return {ParseStatus::ok, {}};
}

}  // namespace ss
