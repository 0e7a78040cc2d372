#include "ss/json/json_writer.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>

namespace ss {

char* write_json_string(char* p, std::string_view s) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  *p++ = '"';
  size_t run_start = 0;
  for (size_t i = 0;; ++i) {
    i += json_plain_run(s.data() + i, s.size() - i);
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    p = write_text(p, s.substr(run_start, i - run_start));
    run_start = i + 1;
    switch (c) {
      case '"': p = write_text(p, "\\\""); break;
      case '\\': p = write_text(p, "\\\\"); break;
      case '\n': p = write_text(p, "\\n"); break;
      case '\r': p = write_text(p, "\\r"); break;
      case '\t': p = write_text(p, "\\t"); break;
      case '\b': p = write_text(p, "\\b"); break;
      case '\f': p = write_text(p, "\\f"); break;
      default:
        p = write_text(p, "\\u00");
        *p++ = kHex[c >> 4];
        *p++ = kHex[c & 0xf];
    }
  }
  p = write_text(p, s.substr(run_start));
  *p++ = '"';
  return p;
}

void append_json_string(std::string& out, std::string_view s) {
  append_bounded(out, json_string_bound(s.size(), json_escapable(s)), [s](char* p) { return write_json_string(p, s); });
}

namespace {

// Formats into a stack buffer and appends once: a back_inserter into the string costs a
// capacity check per character, a third of the time of a tool that writes a number per event.
template <typename T>
void append_formatted(std::string& out, T v) {
  char buf[32];  // the longest double ("-2.2250738585072014e-308") or int64 fits
  const char* end = fmt::format_to(buf, FMT_COMPILE("{}"), v);
  out.append(buf, static_cast<size_t>(end - buf));
}

}  // namespace

void append_json_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  // Integral values within 2^53 print without exponent or fraction, as jq does.
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    append_formatted(out, static_cast<int64_t>(v));
    return;
  }
  append_formatted(out, v);  // shortest round-trip form
}

void append_json_number(std::string& out, int64_t v) { append_formatted(out, v); }
void append_json_number(std::string& out, uint64_t v) { append_formatted(out, v); }

JsonObjectWriter& JsonObjectWriter::key(std::string_view name) {
  if (!first_) out_.push_back(',');
  first_ = false;
  append_json_string(out_, name);
  out_.push_back(':');
  return *this;
}

JsonObjectWriter& JsonObjectWriter::string(std::string_view name, std::string_view value) {
  key(name);
  append_json_string(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::number(std::string_view name, double value) {
  key(name);
  append_json_number(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::number(std::string_view name, int64_t value) {
  key(name);
  append_json_number(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::number(std::string_view name, uint64_t value) {
  key(name);
  append_json_number(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::boolean(std::string_view name, bool value) {
  key(name);
  out_ += value ? "true" : "false";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::time(std::string_view name, TimeUs value) {
  key(name);
  append_json_time(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::null(std::string_view name) {
  key(name);
  out_ += "null";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::raw(std::string_view name, std::string_view json) {
  key(name);
  out_ += json;
  return *this;
}

std::string json_member_key(std::string_view name) {
  std::string key;
  append_json_string(key, name);
  key.push_back(':');
  return key;
}

std::string& JsonObjectWriter::member(std::string_view member_key) {
  if (!first_) out_.push_back(',');
  first_ = false;
  out_ += member_key;
  return out_;
}

JsonObjectWriter& JsonObjectWriter::members(std::string_view text) {
  if (text.empty()) return *this;
  if (!first_) out_.push_back(',');
  first_ = false;
  out_ += text;
  return *this;
}

bool splice_members(std::string& out, std::string_view line, std::string_view members) {
  size_t end = line.size();
  while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) --end;
  if (end == 0 || line[end - 1] != '}') return false;
  const size_t close = end - 1;
  // An empty object takes no comma: look back past whitespace for the opening brace.
  size_t before = close;
  while (before > 0 && (line[before - 1] == ' ' || line[before - 1] == '\t' || line[before - 1] == '\n')) --before;
  const bool empty_object = before > 0 && line[before - 1] == '{';
  out.append(line.data(), close);
  if (!members.empty()) {
    if (!empty_object) out.push_back(',');
    out.append(members);
  }
  out.push_back('}');
  return true;
}

}  // namespace ss
