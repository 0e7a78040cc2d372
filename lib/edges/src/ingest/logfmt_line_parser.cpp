#include "ss/ingest/logfmt_line_parser.hpp"

#include <fmt/format.h>

#include "ss/ingest/line_text.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

LogfmtLineParser::LogfmtLineParser(const ParserOptions& options)
    : typed_(options.typed_numbers),
      require_time_(options.require_time),
      time_field_(options.time_field),
      time_fallback_(options.time_field == "ts"),
      times_(options, "auto") {}

bool LogfmtLineParser::split(std::string_view line) {
  pairs_.clear();
  unescaped_.clear();
  // Views into unescaped_ must not move while it grows: reserve the worst case first.
  unescaped_.reserve(line.size());
  size_t pos = 0;
  const size_t n = line.size();
  while (true) {
    while (pos < n && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    if (pos == n) return true;
    const size_t key_start = pos;
    while (pos < n && line[pos] != '=' && line[pos] != ' ' && line[pos] != '\t' && line[pos] != '"') ++pos;
    if (pos == key_start) {
      reason_ = fmt::format("expected a key at byte {}", pos + 1);
      return false;
    }
    Pair pair;
    pair.key = line.substr(key_start, pos - key_start);
    if (pos == n || line[pos] == ' ' || line[pos] == '\t') {
      pair.flag = true;
      pairs_.push_back(pair);
      continue;
    }
    if (line[pos] == '"') {
      reason_ = fmt::format("expected a key at byte {}", pos + 1);
      return false;
    }
    ++pos;  // '='
    if (pos < n && line[pos] == '"') {
      ++pos;
      const size_t start = unescaped_.size();
      bool closed = false;
      while (pos < n) {
        const char c = line[pos];
        if (c == '"') {
          closed = true;
          ++pos;
          break;
        }
        if (c == '\\' && pos + 1 < n) {
          const char e = line[pos + 1];
          switch (e) {
            case '"': unescaped_.push_back('"'); break;
            case '\\': unescaped_.push_back('\\'); break;
            case 'n': unescaped_.push_back('\n'); break;
            case 'r': unescaped_.push_back('\r'); break;
            case 't': unescaped_.push_back('\t'); break;
            default:
              unescaped_.push_back('\\');
              unescaped_.push_back(e);
              break;
          }
          pos += 2;
          continue;
        }
        unescaped_.push_back(c);
        ++pos;
      }
      if (!closed) {
        reason_ = "unterminated quoted value";
        return false;
      }
      if (pos < n && line[pos] != ' ' && line[pos] != '\t') {
        reason_ = fmt::format("expected a space after the quoted value at byte {}", pos + 1);
        return false;
      }
      pair.value = std::string_view(unescaped_).substr(start);
    } else {
      const size_t start = pos;
      while (pos < n && line[pos] != ' ' && line[pos] != '\t') ++pos;
      pair.value = line.substr(start, pos - start);
    }
    pairs_.push_back(pair);
  }
}

ParseResult LogfmtLineParser::parse(std::string_view line, std::string& out) {
  line = strip_cr(line);
  if (is_blank(line)) return {ParseStatus::skip, "blank line"};
  line = as_valid_utf8(line, utf8_scratch_);
  if (!split(line)) return {ParseStatus::bad, reason_};

  // A repeated key: the last value wins. Lines hold few pairs, so pairs are compared
  // with each other rather than hashed.
  for (size_t i = 0; i + 1 < pairs_.size(); ++i) {
    for (size_t j = i + 1; j < pairs_.size(); ++j) {
      if (pairs_[j].key == pairs_[i].key) {
        pairs_[i].repeated = true;
        break;
      }
    }
  }
  const Pair* time_pair = nullptr;
  for (const Pair& p : pairs_) {
    if (!p.repeated && p.key == time_field_) {
      time_pair = &p;
      break;
    }
  }
  if (time_pair == nullptr && time_fallback_) {
    for (const Pair& p : pairs_) {
      if (!p.repeated && p.key == "time") {
        time_pair = &p;
        break;
      }
    }
  }
  std::optional<TimeUs> t;
  if (time_pair != nullptr && !time_pair->flag) t = times_.from_text(time_pair->value);
  if (!t && require_time_) {
    if (time_pair == nullptr) return {ParseStatus::bad, times_.missing()};
    return {ParseStatus::bad, times_.unparseable(time_pair->flag ? std::string_view("true") : time_pair->value)};
  }

  EventObject event(out, t);
  for (const Pair& p : pairs_) {
    if (p.repeated || (t && p.key == "ts")) continue;
    event.member(p.key);
    if (p.flag) out += "true";
    else append_field_value(out, p.value, typed_);
  }
  event.close();
  return {ParseStatus::ok, {}};
}

}  // namespace ss
