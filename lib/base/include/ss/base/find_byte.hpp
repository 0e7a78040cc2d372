// Finding one byte in the short fields of a log line. memchr is fast over long
// stretches, but every call spends tens of instructions before it looks at a byte, and
// the fields of a log line are one to a few hundred bytes long: inline, sixteen bytes
// at a time.
#pragma once

#include <cstddef>
#include <string_view>

#ifdef __SSE2__
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

}  // namespace ss
