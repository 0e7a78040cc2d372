// The Kafka input of ss-ingest (--from): which partitions this run reads (all, --shard
// I/N's p % N == I, or --partitions), from which offsets, and, with --until-end, where
// each stops: at the high-water mark it had when the run started, so a batch run ends
// even while producers go on writing.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/ingest_options.hpp"
#include "ss/kafka/kafka_consumer.hpp"

namespace ss {

class KafkaInput {
 public:
  /// Makes the client; nothing is sent yet. Throws ss::Error(io).
  explicit KafkaInput(const IngestOptions& options);

  /// Asks the cluster for the topic's partitions and chooses this run's (with
  /// --until-end also their end offsets). Throws ss::Error(io) when no broker answers or
  /// the topic does not exist, ss::Error(usage) for a --partitions beyond the topic's.
  void prepare();
  /// Starts reading each chosen partition at its offset in `next_offsets` (partition ->
  /// next offset to read), from the first message kept when it has none.
  void start(const std::map<int32_t, int64_t>& next_offsets);

  /// With --until-end: every partition chosen has reached its end offset.
  bool ended() const { return until_end_ && open_partitions_ == 0; }
  /// The next message to handle, waiting up to `timeout_ms`: true with consumer() on it.
  /// A message past --until-end's end of its partition is passed over.
  bool next(int timeout_ms);
  /// Waits up to `timeout_ms` for a message, keeping it for next().
  void wait(int timeout_ms);
  /// The message the last next() returned has been handled.
  void handled();
  KafkaConsumer& consumer() { return consumer_; }
  /// `kafka://.../TOPIC[P]@OFFSET` for the current message: how bad lines name it.
  std::string_view source_name();
  const std::vector<int32_t>& partitions() const { return partitions_; }

 private:
  /// Notes that `partition` has `next_offset` as its next offset to read.
  void reached(int32_t partition, int64_t next_offset);

  const IngestOptions& options_;
  KafkaConsumer consumer_;
  std::vector<int32_t> partitions_;  ///< the partitions this run reads
  std::map<int32_t, int64_t> ends_;  ///< --until-end: partition -> end offset (open ones only)
  const bool until_end_;
  size_t open_partitions_ = 0;              ///< --until-end: partitions not at their end yet
  KafkaPoll pending_ = KafkaPoll::nothing;  ///< what wait() polled, for next()
  std::string name_;
};

}  // namespace ss
