#include "ss/control/control_record.hpp"

#include <simdjson.h>

namespace ss {

bool is_control_record(std::string_view line) noexcept {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  return line.substr(i, 7) == "{\"_ss\":";
}

std::optional<ControlRecord> parse_control_record(std::string_view line) {
  thread_local simdjson::ondemand::parser parser;
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return std::nullopt;
  simdjson::ondemand::object obj;
  if (doc.get_object().get(obj)) return std::nullopt;
  std::string_view kind;
  if (obj.find_field_unordered("_ss").get_string().get(kind)) return std::nullopt;
  ControlRecord record;
  if (kind == "watermark") {
    std::string_view ts;
    if (obj.find_field_unordered("ts").get_string().get(ts)) return std::nullopt;
    const auto parsed = parse_rfc3339(ts);
    if (!parsed) return std::nullopt;
    record.kind = ControlKind::watermark;
    record.watermark = *parsed;
  } else if (kind == "checkpoint") {
    uint64_t id;
    if (obj.find_field_unordered("id").get_uint64().get(id)) return std::nullopt;
    record.kind = ControlKind::checkpoint;
    record.checkpoint = id;
  }
  return record;
}

std::string make_watermark_record(TimeUs ts) {
  std::string out = "{\"_ss\":\"watermark\",\"ts\":\"";
  append_rfc3339(out, ts);
  out += "\"}";
  return out;
}

std::string make_checkpoint_record(uint64_t id) {
  return "{\"_ss\":\"checkpoint\",\"id\":" + std::to_string(id) + "}";
}

}  // namespace ss
