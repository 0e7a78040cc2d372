#include "ss/json/flat_object.hpp"

#include <algorithm>
#include <cstring>

#ifdef __SSE2__
#include <immintrin.h>
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

/// String ends found by plain_string_end: any line.
class StringEndsByScan {
 public:
  StringEndsByScan(const char* p, size_t n) : p_(p), n_(n) {}
  /// The closing quote of the string whose opening quote is at `open`, or kNone.
  size_t close_of(size_t open) const { return plain_string_end(p_, open + 1, n_); }

 private:
  const char* p_;
  size_t n_;
};

/// String ends read from a bitmask of the line's quotes, for a line without
/// backslashes, control characters or bytes outside ASCII: there every quote opens or
/// closes a string, in order. Taking the next quote from a register is a step of a
/// cycle or two; plain_string_end puts a load, a compare and a mask on the chain from
/// one token to the next, for every string.
class StringEndsByMask {
 public:
  /// `quotes` holds the bits; it grows with the longest line and is kept between lines.
  explicit StringEndsByMask(std::vector<uint64_t>& quotes) : quotes_(quotes) {}

  /// Marks the quotes of the line at `p`, of `n` bytes followed by 63 readable ones.
  /// False when the line holds a byte that needs plain_string_end's checks.
  bool index(const char* p, size_t n) {
    const size_t blocks = (n + 63) / 64;
    if (quotes_.size() < blocks) quotes_.resize(blocks);
    uint64_t odd = 0;
    for (size_t b = 0; b < blocks; ++b) {
      uint64_t quote_bits = 0;
      uint64_t odd_bits = 0;
      block_bits(p + b * 64, quote_bits, odd_bits);
      if (b == blocks - 1 && n % 64 != 0) {
        const uint64_t in_line = (uint64_t{1} << (n % 64)) - 1;
        quote_bits &= in_line;
        odd_bits &= in_line;
      }
      quotes_[b] = quote_bits;
      odd |= odd_bits;
    }
    block_ = 0;
    bits_ = quotes_[0];
    blocks_ = blocks;
    return odd == 0;
  }

  /// The closing quote of the string whose opening quote is at `open`, or kNone.
  size_t close_of(size_t open) {
    // Every quote before `open` closed a string already taken, so the next quote is
    // `open` itself.
    if (next() != open) return kNone;
    return next();
  }

 private:
  size_t next() {
    while (bits_ == 0) {
      if (++block_ >= blocks_) return kNone;
      bits_ = quotes_[block_];
    }
    const size_t at = block_ * 64 + static_cast<size_t>(__builtin_ctzll(bits_));
    bits_ &= bits_ - 1;
    return at;
  }

  /// Bits of the quotes in the 64 bytes at `p`, and of backslashes, control
  /// characters and bytes of 0x80 and above.
  static void block_bits(const char* p, uint64_t& quote_bits, uint64_t& odd_bits) {
#if defined(__AVX512BW__)
    const __m512i v = _mm512_loadu_si512(p);
    quote_bits = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
    odd_bits = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\')) | _mm512_cmplt_epi8_mask(v, _mm512_set1_epi8(0x20));
#elif defined(__SSE2__)
    quote_bits = 0;
    odd_bits = 0;
    for (int k = 0; k < 4; ++k) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k * 16));
      const auto bits = [](__m128i m) { return uint64_t{static_cast<uint16_t>(_mm_movemask_epi8(m))}; };
      quote_bits |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))) << (k * 16);
      odd_bits |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))))
                  << (k * 16);
    }
#else
    quote_bits = 0;
    odd_bits = 0;
    for (int k = 0; k < 64; ++k) {
      const auto c = static_cast<unsigned char>(p[k]);
      quote_bits |= uint64_t{c == '"'} << k;
      odd_bits |= uint64_t{c == '\\' || c < 0x20 || c >= 0x80} << k;
    }
#endif
  }

  std::vector<uint64_t>& quotes_;
  size_t blocks_ = 0;
  size_t block_ = 0;
  uint64_t bits_ = 0;
};

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
  // Most lines hold no byte that a string's checks are for: there a string ends at the
  // next quote, read from a mask (-30% to -40% of the scan's time on events with
  // AVX-512, -23% to -27% on baseline x86-64: bench/README.md).
  if (StringEndsByMask by_mask(quote_blocks_); by_mask.index(p, n)) return scan_members(p, n, by_mask);
  StringEndsByScan by_scan(p, n);
  return scan_members(p, n, by_scan);
}

template <class StringEnds>
bool FlatObject::scan_members(const char* p, size_t n, StringEnds& string_ends) {
  const size_t close = n - 1;
  size_t i = skip_space(p, 0);
  if (p[i] != '{') return false;
  i = skip_space(p, i + 1);
  if (p[i] == '}') return i == close;
  for (;;) {
    if (p[i] != '"') return false;
    const size_t name_end = string_ends.close_of(i);
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
      const size_t end = string_ends.close_of(i);
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
