// Control records flow through the pipes beside events: a line whose first member is
// "_ss". Tools act on the kinds they know and forward every one unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ss/time/timestamp.hpp"

namespace ss {

enum class ControlKind { watermark, checkpoint, other };

struct ControlRecord {
  ControlKind kind = ControlKind::other;
  TimeUs watermark = 0;     ///< for watermark records
  uint64_t checkpoint = 0;  ///< for checkpoint barriers
};

/// True for lines that start with `{"_ss":` (after optional spaces).
bool is_control_record(std::string_view line) noexcept;

/// Reads a control record; nullopt when it is malformed (it is still forwarded).
std::optional<ControlRecord> parse_control_record(std::string_view line);

std::string make_watermark_record(TimeUs ts);
std::string make_checkpoint_record(uint64_t id);

}  // namespace ss
