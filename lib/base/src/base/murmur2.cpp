#include "ss/base/murmur2.hpp"

namespace ss {

int32_t kafka_murmur2(std::string_view key) noexcept {
  const auto* data = reinterpret_cast<const unsigned char*>(key.data());
  const auto length = static_cast<uint32_t>(key.size());
  constexpr uint32_t kSeed = 0x9747b28c;
  constexpr uint32_t m = 0x5bd1e995;
  constexpr int r = 24;
  uint32_t h = kSeed ^ length;
  const uint32_t length4 = length / 4;
  for (uint32_t i = 0; i < length4; ++i) {
    const uint32_t i4 = i * 4;
    uint32_t k = static_cast<uint32_t>(data[i4]) | static_cast<uint32_t>(data[i4 + 1]) << 8 |
                 static_cast<uint32_t>(data[i4 + 2]) << 16 | static_cast<uint32_t>(data[i4 + 3]) << 24;
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const uint32_t tail = length & ~3u;
  switch (length % 4) {
    case 3: h ^= static_cast<uint32_t>(data[tail + 2]) << 16; [[fallthrough]];
    case 2: h ^= static_cast<uint32_t>(data[tail + 1]) << 8; [[fallthrough]];
    case 1: h ^= static_cast<uint32_t>(data[tail]); h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return static_cast<int32_t>(h);
}

uint32_t kafka_partition(std::string_view key, uint32_t partitions) noexcept {
  const auto positive = static_cast<uint32_t>(kafka_murmur2(key)) & 0x7fffffffu;
  return positive % partitions;
}

}  // namespace ss
