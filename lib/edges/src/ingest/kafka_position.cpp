#include "ss/ingest/kafka_position.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

constexpr std::string_view kKafkaPrefix = "{\"kafka\":";

}  // namespace

bool is_kafka_position(std::string_view record) { return record.substr(0, kKafkaPrefix.size()) == kKafkaPrefix; }

std::string kafka_position_json(const KafkaPosition& position) {
  std::string out;
  JsonObjectWriter w(out);
  w.string("kafka", position.topic);
  w.number("partition", static_cast<int64_t>(position.partition));
  w.number("offset", position.next_offset);
  w.finish();
  return out;
}

KafkaPosition parse_kafka_position(std::string_view record, std::string_view snapshot) {
  const auto bad = [&] {
    return Error(ErrorKind::state, fmt::format("{}: malformed Kafka position record", snapshot));
  };
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(record.data(), record.size()).get(doc)) throw bad();
  std::string_view topic;
  int64_t partition = 0;
  KafkaPosition p;
  if (doc["kafka"].get(topic) || doc["partition"].get(partition) || doc["offset"].get(p.next_offset) || partition < 0 ||
      partition > INT32_MAX || p.next_offset < 0 || topic.empty())
    throw bad();
  p.topic = std::string(topic);
  p.partition = static_cast<int32_t>(partition);
  return p;
}

}  // namespace ss
