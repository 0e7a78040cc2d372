#include "ss/agg/exact_number.hpp"

#include <cmath>

#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

constexpr double kTwoPow53 = 9007199254740992.0;
constexpr double kTwoPow63 = 9223372036854775808.0;

// Compares an int64 with a finite double without rounding either.
int compare_int_real(int64_t i, double d) noexcept {
  if (d >= kTwoPow63) return -1;
  if (d < -kTwoPow63) return 1;
  const double whole = std::trunc(d);  // |whole| < 2^63: exact as int64
  const auto t = static_cast<int64_t>(whole);
  if (i != t) return i < t ? -1 : 1;
  if (d == whole) return 0;
  return d > whole ? -1 : 1;
}

}  // namespace

std::optional<ExactNumber> ExactNumber::from(const FieldValue& value) noexcept {
  if (value.type != ValueType::number) return std::nullopt;
  if (value.is_integer) return from_int(value.integer);
  return from_double(value.number);
}

std::optional<ExactNumber> ExactNumber::from_double(double v) noexcept {
  if (!std::isfinite(v)) return std::nullopt;
  if (v == std::trunc(v) && std::fabs(v) < kTwoPow53) return from_int(static_cast<int64_t>(v));
  return ExactNumber{false, 0, v};
}

void ExactNumber::append_json(std::string& out) const {
  if (is_int) {
    append_json_number(out, integer);
  } else {
    append_json_number(out, real);
  }
}

int compare(const ExactNumber& a, const ExactNumber& b) noexcept {
  if (a.is_int && b.is_int) return a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
  if (!a.is_int && !b.is_int) return a.real < b.real ? -1 : (a.real > b.real ? 1 : 0);
  if (a.is_int) return compare_int_real(a.integer, b.real);
  return -compare_int_real(b.integer, a.real);
}

}  // namespace ss
