// The nesting limit every tool applies to its input lines. simdjson's parsers stop at
// 1024 levels, but not alike: the DOM parser reports DEPTH_ERROR, On-Demand checks the
// depth only in builds without optimisation (SIMDJSON_DEVELOPMENT_CHECKS), where it
// asserts. Lines deeper than the limit are bad lines, found before any parser sees them,
// so Release and Debug builds judge a line the same.
#pragma once

#include <cstddef>
#include <string_view>

namespace ss {

/// The most objects and arrays a line may hold open at once, its outermost object
/// included.
inline constexpr size_t kMaxJsonDepth = 1000;

/// The bad-line reason for a line that exceeds_json_depth().
inline constexpr std::string_view kTooDeepReason = "nested deeper than 1000 levels";

/// True when `line` opens more than kMaxJsonDepth objects and arrays at once (brackets
/// inside strings do not count). Lines too short to nest that deep cost nothing, others
/// a count of their brackets; only lines with more brackets than the limit are scanned.
bool exceeds_json_depth(std::string_view line) noexcept;

}  // namespace ss
