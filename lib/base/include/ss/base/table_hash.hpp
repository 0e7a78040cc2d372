// The hash of the in-memory hash tables (FlatIndex, ValueDictionary): XXH3 from
// libxxhash, compiled inline. A table hashes one or two short keys per event (a user, a
// path), where XXH64 (hash64) spends most of its time on the bytes past its 8-byte
// blocks and on the call. These hashes never leave the process: a table restored from a
// snapshot hashes its keys again, so this function may change between versions.
// Whatever is saved or printed (session ids, sketches, shards) uses hash64.
#pragma once

#include <cstdint>
#include <string_view>

#define XXH_INLINE_ALL
// Keys are short, and XXH3 uses vector code only past 240 bytes. Its AVX-512 kernel,
// compiled inline on a machine that has it, trips GCC 12's maybe-uninitialized warning
// inside the intrinsics' own header; SSE2 is part of every x86-64.
#if defined(__x86_64__) && !defined(XXH_VECTOR)
#define XXH_VECTOR XXH_SSE2
#endif
#include <xxhash.h>

namespace ss {

inline uint64_t table_hash(std::string_view key) noexcept { return XXH3_64bits(key.data(), key.size()); }
/// table_hash() of `key` under `seed`, for a key made of a small tag and text: as cheap for
/// keys up to 240 bytes (past them, XXH3 derives a secret from the seed at each call).
inline uint64_t table_hash(std::string_view key, uint64_t seed) noexcept {
  return XXH3_64bits_withSeed(key.data(), key.size(), seed);
}

}  // namespace ss
