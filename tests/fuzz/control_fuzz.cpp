// libFuzzer target for control records: any line must be read as a watermark, a
// checkpoint, another kind or a malformed record (with a reason), never crash. A record
// read must survive being written again (make_*_record reads back to the same value),
// and has_control_member() must agree with a DOM parse on every valid JSON object.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "ss/control/control_record.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  if (ss::is_control_record(line)) {
    const ss::ControlRecord record = ss::parse_control_record(line);
    switch (record.kind) {
      case ss::ControlKind::watermark: {
        const std::string again = ss::make_watermark_record(record.watermark);
        const ss::ControlRecord reread = ss::parse_control_record(again);
        if (reread.kind != ss::ControlKind::watermark || reread.watermark != record.watermark)
          ss::fuzz::fail("a watermark does not read back", std::string(line) + "  ->  " + again);
        break;
      }
      case ss::ControlKind::checkpoint: {
        const std::string again = ss::make_checkpoint_record(record.checkpoint);
        const ss::ControlRecord reread = ss::parse_control_record(again);
        if (reread.kind != ss::ControlKind::checkpoint || reread.checkpoint != record.checkpoint)
          ss::fuzz::fail("a checkpoint does not read back", std::string(line) + "  ->  " + again);
        break;
      }
      case ss::ControlKind::malformed:
        if (record.error.empty()) ss::fuzz::fail("a malformed record without a reason", line);
        break;
      case ss::ControlKind::other: break;
    }
    if (record.kind != ss::ControlKind::malformed && !ss::fuzz::is_json_object(line))
      ss::fuzz::fail("a record that is not valid JSON passed", line);
  }
  const std::optional<bool> has_member = ss::fuzz::has_member(line, "_ss");
  if (ss::fuzz::is_json_object(line) && has_member && ss::has_control_member(line) != *has_member)
    ss::fuzz::fail("has_control_member disagrees with a DOM parse", line);
  return 0;
}
