// How far ss-ingest got in one partition of a Kafka topic, as a snapshot record: the
// offset of the next message to read. Kafka itself is never told (no offset is
// committed to it): the snapshot is the one place the position lives, so it moves with
// the pipeline's checkpoints and a restart resumes from the same cut as every stage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ss {

struct KafkaPosition {
  std::string topic;
  int32_t partition = 0;
  int64_t next_offset = 0;  ///< the offset of the first message not handled yet
};

/// Whether the snapshot record `record` is a Kafka position (not a file position).
bool is_kafka_position(std::string_view record);
/// One snapshot record (a JSON object on one line) for `position`.
std::string kafka_position_json(const KafkaPosition& position);
/// Reads a record written by kafka_position_json(); throws ss::Error(state) naming
/// `snapshot` when it is malformed.
KafkaPosition parse_kafka_position(std::string_view record, std::string_view snapshot);

}  // namespace ss
