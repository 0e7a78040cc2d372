// Control records flow through the pipes beside events: a line whose first member is
// "_ss". Tools act on the kinds they know and forward every one unchanged. Only ss
// tools write them: ss-ingest dead-letters input with a top-level "_ss" member, and a
// line that starts like a control record but is not a valid one is a bad line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ss/time/timestamp.hpp"

namespace ss {

enum class ControlKind {
  watermark,
  checkpoint,
  other,      ///< a valid record of a kind this version does not know: forwarded as it is
  malformed,  ///< not a valid control record: a bad line, reason in ControlRecord::error
};

struct ControlRecord {
  ControlKind kind = ControlKind::other;
  TimeUs watermark = 0;     ///< for watermark records
  uint64_t checkpoint = 0;  ///< for checkpoint barriers
  std::string_view error;   ///< for malformed ones: why (static text)
};

/// The member name that marks a control record.
inline constexpr std::string_view kControlMember = "_ss";

/// True for lines that start with `{"_ss":` (after optional spaces).
bool is_control_record(std::string_view line) noexcept;

/// Reads a line that is_control_record() accepts. The whole line must be one valid JSON
/// object whose "_ss" is a string; a watermark needs an RFC 3339 "ts", a checkpoint a
/// non-negative integer "id". Anything else is ControlKind::malformed.
ControlRecord parse_control_record(std::string_view line);

/// True when the JSON object text `object` (valid JSON, as ss-ingest writes events) has
/// a top-level member named "_ss", written plainly or with escapes: such an event would
/// be taken for a control record, or carry the member reserved for them.
bool has_control_member(std::string_view object) noexcept;

std::string make_watermark_record(TimeUs ts);
std::string make_checkpoint_record(uint64_t id);

}  // namespace ss
