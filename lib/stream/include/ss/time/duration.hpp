// Durations as users write them: `250ms`, `30s`, `30m`, `1h30m`, `7d`, `1.5h`;
// a bare number is seconds.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ss/time/timestamp.hpp"

namespace ss {

/// Microseconds, or nullopt for text that is not a duration. Units: ns (rounded down to
/// whole microseconds), us, ms, s, m, h, d, w. Negative durations take a leading `-`.
std::optional<TimeUs> parse_duration(std::string_view s) noexcept;

/// Shortest text that parse_duration reads back: `90m` → `1h30m`, `0` → `0s`.
std::string format_duration(TimeUs d);

/// The value of a duration flag above zero; throws ss::Error(usage) naming `flag` and
/// showing `example` (such as "30s or 2m").
TimeUs positive_duration(std::string_view text, std::string_view flag, std::string_view example);

/// The same for a flag where zero is allowed (zero usually turns the behaviour off).
TimeUs non_negative_duration(std::string_view text, std::string_view flag, std::string_view example);

}  // namespace ss
