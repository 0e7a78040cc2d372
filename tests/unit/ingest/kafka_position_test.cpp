#include "ss/ingest/kafka_position.hpp"

#include <catch2/catch.hpp>

#include "ss/base/error.hpp"

TEST_CASE("A Kafka position survives its snapshot record", "[ingest][kafka]") {
  const std::string json = ss::kafka_position_json(ss::KafkaPosition{"events", 3, 1234567890123});
  CHECK(json == R"({"kafka":"events","partition":3,"offset":1234567890123})");
  CHECK(ss::is_kafka_position(json));
  CHECK_FALSE(ss::is_kafka_position(R"({"path":"app.log","dev":1})"));
  const ss::KafkaPosition back = ss::parse_kafka_position(json, "ingest.1.snap.zst");
  CHECK(back.topic == "events");
  CHECK(back.partition == 3);
  CHECK(back.next_offset == 1234567890123);
}

TEST_CASE("A damaged Kafka position record is a state error naming the snapshot", "[ingest][kafka]") {
  for (const char* record : {R"({"kafka":"events","partition":-1,"offset":5})", R"({"kafka":"events","partition":1})",
                             R"({"kafka":"","partition":1,"offset":5})",
                             R"({"kafka":"events","partition":1,"offset":"x"})", R"({"kafka":"events",)"}) {
    try {
      ss::parse_kafka_position(record, "st/ingest.4.snap.zst");
      FAIL("accepted " << record);
    } catch (const ss::Error& e) {
      CHECK(e.kind() == ss::ErrorKind::state);
      CHECK(std::string(e.what()) == "st/ingest.4.snap.zst: malformed Kafka position record");
    }
  }
}
