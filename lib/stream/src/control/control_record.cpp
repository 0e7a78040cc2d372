#include "ss/control/control_record.hpp"

#include <optional>

#include <simdjson.h>

#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {

namespace {

ControlRecord malformed(std::string_view why) {
  ControlRecord record;
  record.kind = ControlKind::malformed;
  record.error = why;
  return record;
}

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// True when `key`, a member name as written between its quotes, decodes to "_ss".
bool names_control_member(std::string_view key) noexcept {
  size_t n = 0;
  for (size_t i = 0; i < key.size(); ++n) {
    if (n == kControlMember.size()) return false;
    char c = key[i];
    if (c != '\\') {
      ++i;
    } else {
      // Only \uXXXX can spell `_` or `s`; \" \\ \/ \b \f \n \r \t are other characters.
      if (i + 6 > key.size() || key[i + 1] != 'u') return false;
      int code = 0;
      for (size_t k = i + 2; k < i + 6; ++k) {
        const int digit = hex_digit(key[k]);
        if (digit < 0) return false;
        code = code * 16 + digit;
      }
      if (code > 0x7f) return false;
      c = static_cast<char>(code);
      i += 6;
    }
    if (c != kControlMember[n]) return false;
  }
  return n == kControlMember.size();
}

}  // namespace

bool is_control_record(std::string_view line) noexcept {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  return line.substr(i, 7) == "{\"_ss\":";
}

ControlRecord parse_control_record(std::string_view line) {
  // The DOM parser checks every byte of the line, what follows the object included:
  // a record that only starts like a control record must not pass for one.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(line.data(), line.size(), true).get(root) != simdjson::SUCCESS) return malformed("not valid JSON");
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) return malformed("not valid JSON");
  std::string_view kind;
  if (obj[kControlMember].get_string().get(kind) != simdjson::SUCCESS)
    return malformed("member \"_ss\" is reserved for control records, and its value is not a string");
  ControlRecord record;
  if (kind == "watermark") {
    std::string_view ts;
    std::optional<TimeUs> parsed;
    if (obj["ts"].get_string().get(ts) == simdjson::SUCCESS) parsed = parse_rfc3339(ts);
    if (!parsed) return malformed("watermark record without an RFC 3339 \"ts\"");
    record.kind = ControlKind::watermark;
    record.watermark = *parsed;
  } else if (kind == "checkpoint") {
    uint64_t id;
    if (obj["id"].get_uint64().get(id) != simdjson::SUCCESS)
      return malformed("checkpoint record without a non-negative integer \"id\"");
    record.kind = ControlKind::checkpoint;
    record.checkpoint = id;
  }
  return record;
}

bool has_control_member(std::string_view object) noexcept {
  // Almost every event is decided here: the name is written `_ss"` or with \u escapes.
  // string_view::find runs memchr for the first byte, which is rare in both; glibc's
  // memmem took more time than parsing the line.
  if (object.find("_ss\"") == std::string_view::npos && object.find("\\u") == std::string_view::npos) return false;
  size_t i = skip_json_space(object, 0);
  if (i >= object.size() || object[i] != '{') return false;
  i = skip_json_space(object, i + 1);
  while (i < object.size() && object[i] == '"') {
    const size_t key_end = json_string_end(object, i);
    if (key_end < i + 2) return false;
    if (names_control_member(object.substr(i + 1, key_end - i - 2))) return true;
    i = skip_json_space(object, key_end);
    if (i >= object.size() || object[i] != ':') return false;
    i = skip_json_space(object, json_value_end(object, i + 1));
    if (i >= object.size() || object[i] != ',') return false;
    i = skip_json_space(object, i + 1);
  }
  return false;
}

std::string make_watermark_record(TimeUs ts) {
  std::string out = "{\"_ss\":\"watermark\",\"ts\":";
  append_json_time(out, ts);
  out.push_back('}');
  return out;
}

std::string make_checkpoint_record(uint64_t id) { return "{\"_ss\":\"checkpoint\",\"id\":" + std::to_string(id) + "}"; }

}  // namespace ss
