// A Kafka consumer with partitions assigned by hand (never a consumer group's
// rebalancing) and offsets kept by its user, never committed to Kafka: ss-ingest keeps
// them in its snapshots, so a restart resumes from the last checkpoint.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ss/kafka/kafka_uri.hpp"

struct rd_kafka_s;
struct rd_kafka_message_s;

namespace ss {

/// What KafkaConsumer::poll() found.
enum class KafkaPoll {
  message,        ///< a message (see KafkaConsumer::message())
  partition_end,  ///< a partition is read up to its end for now (partition() and offset() say which)
  nothing,        ///< nothing within the timeout
};

class KafkaConsumer {
 public:
  /// Kafka's "the first offset still kept", to assign a partition never read before.
  static constexpr int64_t kBeginning = -2;

  /// Makes the client (nothing is sent yet). `client_id` names it in the brokers' logs.
  /// Throws ss::Error(io) when librdkafka refuses the settings.
  KafkaConsumer(const KafkaUri& uri, std::string_view client_id);
  ~KafkaConsumer();
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;

  /// The number of partitions of the topic. Throws ss::Error(io) naming the URI when no
  /// broker answers within `timeout_ms` or the topic does not exist.
  int32_t partition_count(int timeout_ms);
  /// The high-water mark of `partition`: the offset the next message produced will get.
  /// Throws ss::Error(io) when no broker answers within `timeout_ms`.
  int64_t high_watermark(int32_t partition, int timeout_ms);
  /// Reads each (partition, offset) of `starts` from that offset on (kBeginning: from
  /// the first message kept). Throws ss::Error(io).
  void assign(const std::vector<std::pair<int32_t, int64_t>>& starts);

  /// Waits up to `timeout_ms` for a message. Throws ss::Error(io) for an error that
  /// ends the read (the topic deleted, an offset out of range without reset).
  KafkaPoll poll(int timeout_ms);
  /// After poll() said `message` or `partition_end`: where, and (message) what. Valid
  /// until the next poll().
  int32_t partition() const;
  int64_t offset() const;
  std::string_view value() const;
  /// The message's timestamp in milliseconds since the epoch (-1: none).
  int64_t timestamp_ms() const;

 private:
  void release();

  const KafkaUri uri_;
  rd_kafka_s* client_ = nullptr;
  rd_kafka_message_s* message_ = nullptr;  ///< the message poll() returned last, owned
  std::string last_error_;                 ///< the client's last error callback, for messages
};

}  // namespace ss
