// A fast, well-mixed 64-bit hash of a byte string (XXH64), used where aggregators need
// hashes that are stable across runs and machines: approx_distinct's registers are
// saved in snapshots, so the hash must never change.
#pragma once

#include <cstdint>
#include <string_view>

namespace ss {

/// XXH64 of `bytes` with `seed`; bit-identical to the reference implementation.
uint64_t hash64(std::string_view bytes, uint64_t seed = 0) noexcept;

}  // namespace ss
