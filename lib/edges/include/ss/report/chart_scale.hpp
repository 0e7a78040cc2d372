// The arithmetic of charts: mapping values to drawing units, round tick values and
// round time steps, and short labels for them. Pure functions, so the drawing is the
// same on every run and tests can pin it down.
#pragma once

#include <string>
#include <vector>

#include "ss/time/timestamp.hpp"

namespace ss {

/// Maps the domain [domain_low, domain_high] linearly onto [range_low, range_high]
/// (which may run backwards, as a y axis does). An empty domain maps to the middle.
class LinearScale {
 public:
  LinearScale(double domain_low, double domain_high, double range_low, double range_high);
  double operator()(double value) const;

 private:
  double domain_low_;
  double domain_span_;
  double range_low_;
  double range_span_;
};

/// The smallest of 1, 2, 5 times a power of ten that is >= `raw` (raw > 0; 1 otherwise).
double nice_step(double raw);

/// Round tick values covering [low, high]: multiples of one nice_step(), at most about
/// `max_ticks` + 1 of them, the first <= low and the last >= high. low == high gives a
/// range of one step around the value.
std::vector<double> nice_ticks(double low, double high, int max_ticks);

/// The smallest round time step (1s, 2s, 5s, ... 1h, ... 1d, 7d, then multiples of 30d)
/// that cuts [low, high] into at most `max_steps` steps.
TimeUs nice_time_step(TimeUs low, TimeUs high, int max_steps);

/// Multiples of `step` within [low, high] (step aligned to the Unix epoch, UTC).
std::vector<TimeUs> time_ticks(TimeUs low, TimeUs high, TimeUs step);

/// `t` floored to a multiple of `step` (also for times before 1970).
TimeUs floor_to_step(TimeUs t, TimeUs step);

/// A tick label for a time: `HH:MM`, `HH:MM:SS` for steps under a minute, `MM-DD` for
/// steps of a day or more, `MM-DD HH:MM` when the range spans days but steps are shorter.
std::string format_time_tick(TimeUs t, TimeUs step, TimeUs span);

/// A number for a table or a tooltip (the report's and ss-top's): integers in full, others
/// with 6 significant digits, NaN and infinities as `-`.
std::string format_number(double value);

/// A short number for an axis: 950, 1.5k, 12M, 0.25.
std::string format_tick_number(double value);

/// A coordinate in an SVG attribute: one decimal, no exponent, no "-0.0".
std::string format_coordinate(double value);

}  // namespace ss
