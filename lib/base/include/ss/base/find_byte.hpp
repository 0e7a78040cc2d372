// Finding one byte in the short fields of a log line. memchr is fast over long
// stretches, but every call spends tens of instructions before it looks at a byte, and
// the fields of a log line are one to a few hundred bytes long: inline, sixteen bytes
// at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__AVX512BW__) || defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ss {

/// The index of the first `c` in `s` at or after `from`, or npos: string_view::find.
/// Always inline: GCC kept it out of line, where a call cost about as much as memchr.
[[gnu::always_inline]] inline size_t find_byte(std::string_view s, char c, size_t from = 0) noexcept {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = from;
#ifdef __SSE2__
  if (i < n && n - i >= 16) {
    const __m128i needle = _mm_set1_epi8(c);
    const auto hits = [&](size_t at) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, needle)));
    };
    for (; i + 16 <= n; i += 16)
      if (const unsigned mask = hits(i); mask != 0) return i + static_cast<size_t>(__builtin_ctz(mask));
    if (i == n) return std::string_view::npos;
    // The last bytes as one more block that ends at n: the bytes it shares with the
    // blocks before hold no `c`, so its first hit is past them.
    const size_t last = n - 16;
    const unsigned mask = hits(last);
    return mask != 0 ? last + static_cast<size_t>(__builtin_ctz(mask)) : std::string_view::npos;
  }
#endif
  for (; i < n; ++i)
    if (p[i] == c) return i;
  return std::string_view::npos;
}

/// A bit for each of the 64 bytes at `p` that equals `c` (bit k for p[k]), or with
/// `at_most`, that is at most `c` as an unsigned byte. All 64 are read: the caller masks
/// off the bits of bytes past its text. For walking every occurrence of a byte in a
/// line by its bits, without a branch per byte.
[[gnu::always_inline]] inline uint64_t byte_mask64(const char* p, char c, bool at_most = false) noexcept {
#if defined(__AVX512BW__)
  const __m512i v = _mm512_loadu_si512(p);
  return at_most ? _mm512_cmple_epu8_mask(v, _mm512_set1_epi8(c)) : _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
#elif defined(__AVX2__)
  const __m256i needle = _mm256_set1_epi8(c);
  const auto half = [&](const char* at) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
    // v <= c unsigned exactly when min(v, c) == v.
    const __m256i hit = _mm256_cmpeq_epi8(at_most ? _mm256_min_epu8(v, needle) : needle, v);
    return uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(hit))};
  };
  return half(p) | half(p + 32) << 32;
#elif defined(__SSE2__)
  const __m128i needle = _mm_set1_epi8(c);
  uint64_t bits = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k * 16));
    const __m128i hit = _mm_cmpeq_epi8(at_most ? _mm_min_epu8(v, needle) : needle, v);
    bits |= uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(hit))} << (k * 16);
  }
  return bits;
#else
  uint64_t bits = 0;
  for (int k = 0; k < 64; ++k) {
    const auto b = static_cast<unsigned char>(p[k]);
    const auto n = static_cast<unsigned char>(c);
    bits |= uint64_t{at_most ? b <= n : b == n} << k;
  }
  return bits;
#endif
}

}  // namespace ss
