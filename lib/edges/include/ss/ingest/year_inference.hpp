// Years for times written without one (RFC 3164 syslog, `%b %e %T` patterns): a guess
// from a reference "now", kept monotonic across the lines of one file.
#pragma once

#include <cstdint>
#include <optional>

#include "ss/time/time_format.hpp"

namespace ss {

/// The rule, for the lines of one file read in order:
/// - The first time gets the reference year, unless that puts it more than a day after
///   the reference time: then it gets the year before (a December log read in January).
///   A fixed year, when given, is the first time's year instead.
/// - After that the year goes forward only when the month goes back by more than six
///   (December → January: the next year). A month more than six ahead of the last one
///   (a late December line after January) belongs to the year before and leaves the
///   state as it was. Anything else keeps the current year.
/// - Without a fixed year, a time never lands more than a day after the reference: such
///   a time (a log older than its first line suggested) takes the year before, and so
///   do the lines after it.
class YearInference {
 public:
  /// `reference_time` 0 means the clock now; `fixed_year` 0 means infer the first year.
  explicit YearInference(TimeUs reference_time = 0, int fixed_year = 0);

  /// The year for `t` (its year field is ignored); updates the state.
  int64_t year_for(const CivilTime& t) noexcept;

  /// What the next year_for() depends on, saved with a file's position so that a read
  /// resumed in a later run continues the same years (the clock then is another).
  struct State {
    int64_t year = 0;
    unsigned last_month = 0;
    bool operator==(const State&) const = default;
  };
  /// Nothing before the first time. Inline: ss-ingest records
  /// it after every line, whatever the format.
  std::optional<State> state() const noexcept {
    if (year_ == 0) return std::nullopt;
    return State{year_, last_month_};
  }
  void restore(const State& state) noexcept {
    year_ = state.year;
    last_month_ = state.last_month;
  }

  /// How many times fell more than a day after the reference time (the clock) by the
  /// fixed year: a sign that it is wrong. Always 0 without a fixed year.
  uint64_t future_times() const noexcept { return future_times_; }

 private:
  int64_t infer(const CivilTime& t) noexcept;

  const TimeUs reference_;
  const int fixed_year_;

  int64_t year_ = 0;  ///< year of the last time; 0 before the first
  unsigned last_month_ = 0;
  uint64_t future_times_ = 0;
};

}  // namespace ss
