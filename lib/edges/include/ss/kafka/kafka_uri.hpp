// The address of a Kafka topic as ss-ingest --from and ss-sink --to take it:
// kafka://HOST:PORT[,HOST:PORT...]/TOPIC. The brokers listed are only where the client
// starts (bootstrap.servers): it learns the rest of the cluster from them.
#pragma once

#include <string>
#include <string_view>

namespace ss {

struct KafkaUri {
  std::string text;       ///< the URI as given, for messages
  std::string bootstrap;  ///< HOST:PORT,HOST:PORT (librdkafka's bootstrap.servers)
  std::string topic;
};

/// Whether `text` is meant as a Kafka address (starts with kafka://).
bool is_kafka_uri(std::string_view text);
/// Parses `text`; throws ss::Error(usage) naming `flag` and what is wrong: no broker, a
/// broker without a port or with a port that is not 1 to 65535, no topic, or a topic
/// name Kafka refuses (1 to 249 characters of letters, digits, '.', '_' and '-').
KafkaUri parse_kafka_uri(std::string_view text, std::string_view flag);

}  // namespace ss
