// Kafka's default partitioner: murmur2 of the key bytes (seed 0x9747b28c), made
// positive by masking the sign bit, modulo the partition count. `--shard I/N` keeps
// exactly what partition I of a Kafka topic keyed the same way would hold.
#pragma once

#include <cstdint>
#include <string_view>

namespace ss {

/// Kafka's `Utils.murmur2` (as a signed 32-bit result, like Java's int).
int32_t kafka_murmur2(std::string_view key) noexcept;

/// Kafka's `Utils.toPositive(murmur2(key)) % partitions`.
uint32_t kafka_partition(std::string_view key, uint32_t partitions) noexcept;

}  // namespace ss
