#include "kafka_input.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ss/base/error.hpp"

namespace ss {

namespace {

/// How long the first answer of the cluster is waited for before the run fails.
constexpr int kConnectTimeoutMs = 10'000;

}  // namespace

KafkaInput::KafkaInput(const IngestOptions& options)
    : options_(options), consumer_(*options.kafka, "ss-ingest"), until_end_(options.until_end) {}

void KafkaInput::prepare() {
  const int32_t count = consumer_.partition_count(kConnectTimeoutMs);
  if (!options_.kafka_partitions.empty()) {
    for (const int32_t p : options_.kafka_partitions)
      if (p >= count)
        throw_usage(fmt::format("--partitions: {} has partitions 0 to {}, not {}", options_.kafka->text, count - 1, p));
    partitions_ = options_.kafka_partitions;
  } else {
    for (int32_t p = 0; p < count; ++p)
      if (!options_.kafka_shard ||
          static_cast<uint32_t>(p) % options_.kafka_shard->count == options_.kafka_shard->index)
        partitions_.push_back(p);
  }
  if (until_end_)
    for (const int32_t p : partitions_) ends_[p] = consumer_.high_watermark(p, kConnectTimeoutMs);
}

void KafkaInput::start(const std::map<int32_t, int64_t>& next_offsets) {
  std::vector<std::pair<int32_t, int64_t>> starts;
  open_partitions_ = ends_.size();
  for (const int32_t p : partitions_) {
    const auto saved = next_offsets.find(p);
    const int64_t from = saved == next_offsets.end() ? KafkaConsumer::kBeginning : saved->second;
    starts.emplace_back(p, from);
    if (from >= 0) reached(p, from);
  }
  if (ended()) return;
  consumer_.assign(starts);
}

void KafkaInput::reached(int32_t partition, int64_t next_offset) {
  const auto end = ends_.find(partition);
  if (end == ends_.end() || next_offset < end->second) return;
  ends_.erase(end);
  --open_partitions_;
}

bool KafkaInput::next(int timeout_ms) {
  for (;;) {
    if (ended()) return false;
    KafkaPoll got = pending_;
    pending_ = KafkaPoll::nothing;
    if (got == KafkaPoll::nothing) got = consumer_.poll(timeout_ms);
    if (got == KafkaPoll::nothing) return false;
    if (got == KafkaPoll::partition_end) {
      // Under read_committed a partition's last offsets may be transaction markers that
      // are never handed out: its end is where the consumer says it is.
      reached(consumer_.partition(), consumer_.offset());
      continue;
    }
    if (until_end_ && ends_.find(consumer_.partition()) == ends_.end()) continue;  // past its end
    return true;
  }
}

void KafkaInput::wait(int timeout_ms) {
  if (pending_ == KafkaPoll::nothing && !ended()) pending_ = consumer_.poll(timeout_ms);
}

void KafkaInput::handled() { reached(consumer_.partition(), consumer_.offset() + 1); }

std::string_view KafkaInput::source_name() {
  name_.clear();
  fmt::format_to(std::back_inserter(name_), "{}[{}]@{}", options_.kafka->text, consumer_.partition(),
                 consumer_.offset());
  return name_;
}

}  // namespace ss
