#include "ss/json/flat_object.hpp"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

/// The index of the quote that closes a string whose bytes start at `i`, or kNone when
/// a backslash, a control character or a byte outside ASCII comes first (simdjson
/// decides those strings), or the line ends first.
[[gnu::always_inline]] inline size_t plain_string_end(const char* p, size_t i, size_t n) {
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  for (; i < n; i += 16) {
    // Bytes past the line's end are read (the caller guarantees they are readable) and
    // their hits ignored. As signed bytes, control characters and every byte of 0x80
    // and above are below 0x20: one compare finds both.
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), _mm_cmplt_epi8(v, space));
    if (const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(stop)); mask != 0) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
      return at < n && p[at] == '"' ? at : kNone;
    }
  }
  return kNone;
#else
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c == '"') return i;
    if (c == '\\' || c < 0x20 || c >= 0x80) return kNone;
  }
  return kNone;
#endif
}

/// Past the JSON whitespace at `i`. Every whitespace byte is at most 0x20, and most
/// tokens are not preceded by any: one compare for them.
[[gnu::always_inline]] inline size_t skip_space(const char* p, size_t i) {
  while (static_cast<unsigned char>(p[i]) <= ' ' && is_json_space(p[i])) ++i;
  return i;
}

/// integer, or other_integer for what EventParser leaves to simdjson: more than 18
/// digits (beyond what int64 always holds), and `-0`, which simdjson reads as a double
/// (negative zero) in some versions and as integer 0 in others.
[[gnu::always_inline]] inline FlatObject::Kind integer_kind(std::string_view digits) {
  const bool negative = digits[0] == '-';
  return digits.size() - negative <= 18 && !(negative && digits[1] == '0') ? FlatObject::Kind::integer
                                                                           : FlatObject::Kind::other_integer;
}

[[gnu::always_inline]] inline bool literal_at(const char* p, size_t i, const char (&word)[5]) {
  return std::memcmp(p + i, word, 4) == 0;
}

}  // namespace

bool FlatObject::scan(std::string_view line) {
  count_ = 0;
  const char* p = line.data();
  size_t n = line.size();
  // The last byte that is not whitespace must close the object. Scanning forward,
  // every loop then stops at that `}` at the latest (no token holds one outside a
  // string, and strings are bounded by n), so no read needs a bound of its own. The
  // bytes past the line are readable but may hold anything: the next line's included.
  while (n > 0 && is_json_space(p[n - 1])) --n;
  if (n < 2 || p[n - 1] != '}') return false;
  const size_t close = n - 1;
  size_t i = skip_space(p, 0);
  if (p[i] != '{') return false;
  i = skip_space(p, i + 1);
  if (p[i] == '}') return i == close;
  for (;;) {
    if (p[i] != '"') return false;
    const size_t name_end = plain_string_end(p, i + 1, n);
    if (name_end == kNone) return false;
    if (count_ == members_.size()) {
      if (count_ == kMaxMembers) return false;
      members_.resize(std::min(members_.size() * 2 + 16, kMaxMembers));
    }
    Member& member = members_[count_++];
    member.name = std::string_view(p + i + 1, name_end - i - 1);
    i = skip_space(p, name_end + 1);
    if (p[i] != ':') return false;
    i = skip_space(p, i + 1);
    const char c = p[i];
    if (c == '"') {
      const size_t end = plain_string_end(p, i + 1, n);
      if (end == kNone) return false;
      member.value = std::string_view(p + i + 1, end - i - 1);
      member.kind = Kind::string;
      i = end + 1;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      bool integer = false;
      const size_t end = json_number_end(std::string_view(p, n), i, integer);
      if (end == std::string_view::npos) return false;
      member.value = std::string_view(p + i, end - i);
      member.kind = integer ? integer_kind(member.value) : Kind::number;
      i = end;
    } else if (literal_at(p, i, "true")) {
      member.value = std::string_view(p + i, 4);
      member.kind = Kind::true_value;
      i += 4;
    } else if (literal_at(p, i, "fals") && p[i + 4] == 'e') {
      member.value = std::string_view(p + i, 5);
      member.kind = Kind::false_value;
      i += 5;
    } else if (literal_at(p, i, "null")) {
      member.value = std::string_view(p + i, 4);
      member.kind = Kind::null;
      i += 4;
    } else {
      return false;  // an object, an array, or no JSON value at all
    }
    i = skip_space(p, i);
    if (p[i] == ',') {
      i = skip_space(p, i + 1);
      continue;
    }
    return p[i] == '}' && i == close;
  }
}

}  // namespace ss
