#include "ss/agg/exact_sum.hpp"

#include <cmath>

#include "ss/agg/agg_state.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

bool fits_int64(Int128 v) noexcept { return v >= INT64_MIN && v <= INT64_MAX; }

void append_int128(std::string& out, Int128 v) {
  if (fits_int64(v)) {
    append_json_number(out, static_cast<int64_t>(v));
    return;
  }
  char digits[48];
  size_t n = 0;
  UInt128 magnitude = v < 0 ? -static_cast<UInt128>(v) : static_cast<UInt128>(v);
  while (magnitude > 0) {
    digits[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  if (v < 0) out.push_back('-');
  while (n > 0) out.push_back(digits[--n]);
}

// Parses what append_int128 wrote for values beyond int64 (at most 39 digits).
bool parse_int128(std::string_view s, Int128& out) {
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 38) return false;
  Int128 v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = negative ? -v : v;
  return true;
}

}  // namespace

void ExactSum::add_real(double x) noexcept {
  // Neumaier's variant of Kahan summation: the lost low-order part of each addition
  // is kept in compensation_, whichever operand is larger.
  const double t = real_ + x;
  if (std::fabs(real_) >= std::fabs(x)) {
    compensation_ += (real_ - t) + x;
  } else {
    compensation_ += (x - t) + real_;
  }
  real_ = t;
}

void ExactSum::merge(const ExactSum& other) noexcept {
  set_integer(integer() + other.integer());
  if (other.has_real_) {
    add_real(other.real_);
    compensation_ += other.compensation_;
    has_real_ = true;
  }
}

double ExactSum::value() const noexcept {
  const auto whole = static_cast<double>(integer());
  if (!has_real_) return whole;
  return whole + (real_ + compensation_);
}

void ExactSum::append_json(std::string& out) const {
  if (!has_real_ && fits_int64(integer())) {
    append_json_number(out, static_cast<int64_t>(integer()));
  } else {
    append_json_number(out, value());
  }
}

void ExactSum::save_members(std::string& out) const {
  out += ",\"int\":";
  const Int128 v = integer();
  if (fits_int64(v)) {
    append_int128(out, v);
  } else {
    // Beyond int64 as a decimal string: JSON readers would round a bare number.
    out.push_back('"');
    append_int128(out, v);
    out.push_back('"');
  }
  if (has_real_) {
    out += ",\"real\":";
    append_json_number(out, real_);
    out += ",\"comp\":";
    append_json_number(out, compensation_);
  }
}

void ExactSum::load_members(const SnapshotValue& state, const char* what) {
  const SnapshotValue int_value = state["int"];
  if (int_value.is_string()) {
    Int128 v = 0;
    if (!parse_int128(int_value.as_string(), v)) agg_state::fail(int_value, what, "not a 128-bit integer");
    set_integer(v);
  } else {
    set_integer(int_value.as_int64());
  }
  const std::optional<SnapshotValue> real = state.find("real");
  has_real_ = real.has_value();
  // Sums past the double range are saved as null and read back as NaN: the result is
  // null either way.
  real_ = has_real_ ? real->as_double_or_nan() : 0;
  compensation_ = has_real_ ? state["comp"].as_double_or_nan() : 0;
}

}  // namespace ss
