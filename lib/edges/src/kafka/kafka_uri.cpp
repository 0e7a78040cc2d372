#include "ss/kafka/kafka_uri.hpp"

#include <charconv>

#include <fmt/format.h>

#include "ss/base/error.hpp"

namespace ss {

namespace {

constexpr std::string_view kScheme = "kafka://";
/// Kafka's own limit on topic names.
constexpr size_t kMaxTopicLength = 249;

bool is_topic_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

bool is_kafka_uri(std::string_view text) { return text.substr(0, kScheme.size()) == kScheme; }

KafkaUri parse_kafka_uri(std::string_view text, std::string_view flag) {
  const auto bad = [&](std::string_view why) {
    throw_usage(fmt::format("{}: {} in \"{}\" (expected kafka://HOST:PORT[,HOST:PORT...]/TOPIC)", flag, why, text));
  };
  if (!is_kafka_uri(text)) bad("not a kafka:// address");
  const std::string_view rest = text.substr(kScheme.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) bad("no /TOPIC");
  const std::string_view brokers = rest.substr(0, slash);
  const std::string_view topic = rest.substr(slash + 1);
  if (brokers.empty()) bad("no broker");
  size_t start = 0;
  for (;;) {
    const size_t comma = brokers.find(',', start);
    const std::string_view broker = brokers.substr(start, comma == std::string_view::npos ? comma : comma - start);
    const size_t colon = broker.rfind(':');
    if (broker.empty() || colon == std::string_view::npos || colon == 0) bad("a broker without HOST:PORT");
    const std::string_view port = broker.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
      bad(fmt::format("port \"{}\" is not a number from 1 to 65535", port));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (topic.empty()) bad("no topic");
  if (topic.size() > kMaxTopicLength || topic == "." || topic == "..") bad("a topic name Kafka refuses");
  for (const char c : topic)
    if (!is_topic_char(c)) bad(fmt::format("a topic name with '{}' (Kafka allows letters, digits, '.', '_', '-')", c));
  return KafkaUri{std::string(text), std::string(brokers), std::string(topic)};
}

}  // namespace ss
