#include "ss/sink/kafka_destination.hpp"

#include <fmt/format.h>

namespace ss {

KafkaDestination::KafkaDestination(const SinkOptions& options) : options_(options) {}

KafkaProducer& KafkaDestination::producer() {
  if (!producer_) {
    producer_ = std::make_unique<KafkaProducer>(*options_.kafka, transactional_id_);
    producer_->start();
  }
  return *producer_;
}

void KafkaDestination::claim(const PipelineIdentity& pipeline) {
  pipeline_id_ = pipeline.id;
  // One id per pipeline and stage: a restart fences off the run it replaces.
  transactional_id_ = fmt::format("ss-sink-{}-{}", pipeline.id, pipeline.stage);
}

void KafkaDestination::recover(uint64_t committed) {
  base_ = committed;
  sequence_ = 0;
  (void)producer();  // a killed run's open transaction is aborted here
}

WriteResult KafkaDestination::write(RecordFields& record) {
  std::string_view key;
  if (options_.kafka_key) {
    const FieldValue v = record.get(*options_.kafka_key);
    if (v.type == ValueType::string || v.type == ValueType::number || v.type == ValueType::boolean) {
      key = v.text;
      if (v.type == ValueType::boolean) key = v.boolean ? "true" : "false";
    } else {
      reason_ = fmt::format("no --key field \"{}\" (a string, number or boolean)", options_.kafka_key->text());
      return WriteResult::bad;
    }
  }
  id_.clear();
  fmt::format_to(std::back_inserter(id_), "{}:{}:{}", pipeline_id_, base_, sequence_);
  producer().send(key, record.line(), kIdHeader, id_);
  ++sequence_;
  ++buffered_;
  uncommitted_ = true;
  return WriteResult::accepted;
}

void KafkaDestination::flush() {
  // The messages are with librdkafka already, which sends them in its own batches:
  // waiting here for their acknowledgements would stall the input every batch. commit()
  // waits for all of them.
  if (producer_) producer_->serve();
  buffered_ = 0;
}

void KafkaDestination::commit(uint64_t checkpoint) {
  producer().commit();  // every message acknowledged, then the transaction committed
  buffered_ = 0;
  uncommitted_ = false;
  base_ = checkpoint;
  sequence_ = 0;
}

void KafkaDestination::abandon() noexcept {
  if (producer_) producer_->abort();
  uncommitted_ = false;
}

}  // namespace ss
