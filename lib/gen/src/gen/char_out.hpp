// Tiny formatting primitives for the generator's hot path: they write into a caller's
// char buffer and return the new end, with no locale, allocation or iostream.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ss::gen_detail {

inline char* put_text(char* out, std::string_view s) noexcept {
  std::memcpy(out, s.data(), s.size());
  return out + s.size();
}

/// Decimal digits of `v`, no padding.
inline char* put_uint(char* out, uint64_t v) noexcept {
  char tmp[20];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) *out++ = tmp[--n];
  return out;
}

/// `v` zero-padded to at least `width` digits.
inline char* put_uint_padded(char* out, uint64_t v, int width) noexcept {
  char tmp[20];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n < width) tmp[n++] = '0';
  while (n > 0) *out++ = tmp[--n];
  return out;
}

/// Lowercase hexadecimal digits of `v`, no padding (as IPv6 groups are written).
inline char* put_hex(char* out, uint64_t v) noexcept {
  char tmp[16];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v != 0);
  while (n > 0) *out++ = tmp[--n];
  return out;
}

/// Milliseconds given in microseconds, with up to three decimals and no trailing zeros:
/// 12345 → `12.345`, 12300 → `12.3`, 12000 → `12`.
inline char* put_millis(char* out, uint64_t micros) noexcept {
  out = put_uint(out, micros / 1000);
  uint64_t frac = micros % 1000;
  if (frac == 0) return out;
  *out++ = '.';
  *out++ = static_cast<char>('0' + frac / 100);
  frac %= 100;
  if (frac == 0) return out;
  *out++ = static_cast<char>('0' + frac / 10);
  frac %= 10;
  if (frac == 0) return out;
  *out++ = static_cast<char>('0' + frac);
  return out;
}

}  // namespace ss::gen_detail
