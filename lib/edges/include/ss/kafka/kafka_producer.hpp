// A Kafka producer for ss-sink: idempotent (acks from all in-sync replicas, no
// duplicates from its own retries), keyed messages placed by Kafka's default
// partitioner (murmur2, the hash of --shard), and with a transactional id the writes
// of one checkpoint committed or aborted together.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ss/kafka/kafka_uri.hpp"

struct rd_kafka_s;

namespace ss {

class KafkaProducer {
 public:
  /// Makes the client; `transactional_id` empty: no transactions. Throws ss::Error(io)
  /// when librdkafka refuses the settings.
  KafkaProducer(const KafkaUri& uri, const std::string& transactional_id);
  ~KafkaProducer();
  KafkaProducer(const KafkaProducer&) = delete;
  KafkaProducer& operator=(const KafkaProducer&) = delete;

  /// Makes the first contact with the cluster; with transactions, also fences off an
  /// earlier producer of the same id (a killed run, whose open transaction is aborted)
  /// and begins the first transaction. Throws ss::Error(io) when no broker answers.
  void start();
  /// Queues one message with `key` (empty: none) and one header `id_name`=`id`; waits
  /// while librdkafka's queue is full. Throws ss::Error(io) naming the URI when a
  /// message failed.
  void send(std::string_view key, std::string_view value, const char* id_name, std::string_view id);
  /// Waits until every message sent is acknowledged by the cluster. Throws
  /// ss::Error(io) when one could not be delivered.
  void flush();
  /// Takes the acknowledgements that have come, without waiting. Throws ss::Error(io)
  /// when a message could not be delivered.
  void serve();
  /// Transactions: commits the open transaction and begins the next; without them,
  /// flush(). Throws ss::Error(io).
  void commit();
  /// Transactions: aborts the open transaction. Never throws.
  void abort() noexcept;
  /// Messages sent but not yet acknowledged.
  int in_flight() const;

 private:
  void check_failure();

  const KafkaUri uri_;
  const bool transactional_;
  rd_kafka_s* client_ = nullptr;
  std::string failure_;  ///< the first delivery failure since the last check
  bool in_transaction_ = false;
};

}  // namespace ss
