// `--to kafka://HOST:PORT[,...]/TOPIC`: one message per record, its line unchanged,
// keyed by --key and placed by Kafka's default partitioner (murmur2, as --shard), by
// an idempotent producer whose messages are all acknowledged before a checkpoint
// counts as committed.
//
// With --state, each checkpoint's messages are one Kafka transaction, committed at the
// barrier: a consumer reading committed messages only (read_committed) never sees the
// messages of a run killed before its commit, which the replay writes again. One
// window is left: a crash after Kafka's commit but before DIR/COMMITTED is written makes
// the replay send that checkpoint again. Every message therefore carries a
// deterministic id in its `ss-id` header, PIPELINE:C:SEQ (the pipeline's id, the
// checkpoint COMMITTED held when it was written, and its place after it), which the
// replay gives the same message again, so a consumer can drop the second copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ss/kafka/kafka_producer.hpp"
#include "ss/sink/destination.hpp"
#include "ss/sink/sink_options.hpp"

namespace ss {

class KafkaDestination final : public Destination {
 public:
  /// The header that carries each message's id.
  static constexpr const char* kIdHeader = "ss-id";

  explicit KafkaDestination(const SinkOptions& options);

  void claim(const PipelineIdentity& pipeline) override;
  void recover(uint64_t committed) override;
  WriteResult write(RecordFields& record) override;
  std::string_view bad_reason() const override { return reason_; }
  size_t buffered() const override { return buffered_; }
  void flush() override;
  void commit(uint64_t checkpoint) override;
  void abandon() noexcept override;
  bool uncommitted() const override { return uncommitted_; }

 private:
  /// The producer, made at the first need (after claim() when there is --state).
  KafkaProducer& producer();

  const SinkOptions& options_;
  std::unique_ptr<KafkaProducer> producer_;
  std::string transactional_id_;  ///< with --state: ss-sink-PIPELINE-STAGE
  std::string pipeline_id_ = "none";
  uint64_t base_ = 0;      ///< the checkpoint the ids count from (the last committed)
  uint64_t sequence_ = 0;  ///< messages written since base_
  std::string id_;
  std::string reason_;
  size_t buffered_ = 0;
  bool uncommitted_ = false;
};

}  // namespace ss
