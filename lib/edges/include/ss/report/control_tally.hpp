// What the control records in a stream of rows said, for the summary of a report or a
// live view: how many of each kind, the newest watermark and checkpoint, and the last
// record of each kind this version does not act on (a tool's stats, say), kept as text.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ss/time/timestamp.hpp"

namespace ss {

struct ControlTally {
  std::map<std::string, uint64_t> counts;  ///< by the value of "_ss", in name order
  std::optional<TimeUs> last_watermark;
  std::optional<uint64_t> last_checkpoint;
  std::map<std::string, std::string> last_other;  ///< kind -> the newest such record's line

  uint64_t total() const {
    uint64_t n = 0;
    for (const auto& [kind, count] : counts) n += count;
    return n;
  }
};

}  // namespace ss
