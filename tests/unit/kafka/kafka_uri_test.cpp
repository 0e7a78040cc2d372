#include "ss/kafka/kafka_uri.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "ss/base/error.hpp"

namespace {

std::string usage_error(const std::string& text) {
  try {
    ss::parse_kafka_uri(text, "--from");
  } catch (const ss::Error& e) {
    CHECK(e.kind() == ss::ErrorKind::usage);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("A kafka URI gives the bootstrap servers and the topic", "[kafka]") {
  const ss::KafkaUri uri = ss::parse_kafka_uri("kafka://k1:9092,10.0.0.2:9093/web.events-v2", "--from");
  CHECK(uri.bootstrap == "k1:9092,10.0.0.2:9093");
  CHECK(uri.topic == "web.events-v2");
  CHECK(uri.text == "kafka://k1:9092,10.0.0.2:9093/web.events-v2");
  CHECK(ss::is_kafka_uri("kafka://x:1/t"));
  CHECK_FALSE(ss::is_kafka_uri("sqlite:kafka://x"));
}

TEST_CASE("A kafka URI without broker, port or topic is a usage error naming the flag", "[kafka]") {
  CHECK_THAT(usage_error("kafka://k1:9092"), Catch::StartsWith("--from: no /TOPIC in"));
  CHECK_THAT(usage_error("kafka:///events"), Catch::StartsWith("--from: no broker in"));
  CHECK_THAT(usage_error("kafka://k1/events"), Catch::StartsWith("--from: a broker without HOST:PORT"));
  CHECK_THAT(usage_error("kafka://k1:9092,/events"), Catch::StartsWith("--from: a broker without HOST:PORT"));
  CHECK_THAT(usage_error("kafka://k1:0/events"), Catch::StartsWith("--from: port \"0\" is not a number"));
  CHECK_THAT(usage_error("kafka://k1:70000/events"), Catch::StartsWith("--from: port \"70000\" is not a number"));
  CHECK_THAT(usage_error("kafka://k1:9092/"), Catch::StartsWith("--from: no topic in"));
  CHECK_THAT(usage_error("kafka://k1:9092/a/b"), Catch::StartsWith("--from: a topic name with '/'"));
  CHECK_THAT(usage_error("kafka://k1:9092/" + std::string(250, 'a')),
             Catch::StartsWith("--from: a topic name Kafka refuses"));
}
