// A sum that is exact and independent of order for integers, and compensated for the
// rest: whole numbers go to a 128-bit integer (no overflow for any realistic stream),
// other numbers to a Neumaier-compensated double. sum and avg share it.
#pragma once

#include <cstdint>
#include <string>

#include "ss/agg/exact_number.hpp"
#include "ss/state/snapshot_record.hpp"

namespace ss {

class ExactSum {
 public:
  void add(const ExactNumber& x) noexcept {
    if (x.is_int) {
      add_integer(x.integer);
    } else {
      add_real(x.real);
      has_real_ = true;
    }
  }
  void merge(const ExactSum& other) noexcept;

  /// True while every value added was a whole number.
  bool is_integer() const noexcept { return !has_real_; }
  /// The sum as a double (the integer part rounded once, at the end).
  double value() const noexcept;
  /// Appends the sum: an exact integer when is_integer() and it fits int64.
  void append_json(std::string& out) const;

  /// Appends `,"int":…[,"real":…,"comp":…]` (members after a first one).
  void save_members(std::string& out) const;
  /// Reads what save_members wrote; throws ss::Error(state), naming `what`.
  void load_members(const SnapshotValue& state, const char* what);

 private:
  __extension__ typedef __int128 Int128;
  __extension__ typedef unsigned __int128 UInt128;

  Int128 integer() const noexcept { return static_cast<Int128>((static_cast<UInt128>(int_hi_) << 64) | int_lo_); }
  void set_integer(Int128 v) noexcept {
    int_lo_ = static_cast<uint64_t>(v);
    int_hi_ = static_cast<uint64_t>(static_cast<UInt128>(v) >> 64);
  }
  void add_integer(int64_t v) noexcept {
    // Two 64-bit halves instead of an __int128 member keep the state 8-byte aligned.
    const uint64_t lo = int_lo_ + static_cast<uint64_t>(v);
    int_hi_ += (lo < int_lo_ ? 1 : 0) + (v < 0 ? ~uint64_t{0} : 0);
    int_lo_ = lo;
  }
  void add_real(double x) noexcept;

  uint64_t int_lo_ = 0;
  uint64_t int_hi_ = 0;
  double real_ = 0;
  double compensation_ = 0;
  bool has_real_ = false;
};

}  // namespace ss
