#include "ss/sink/stdout_destination.hpp"

namespace ss {

namespace {

/// The buffer is written once it holds this much; flush() bounds how long a small
/// trickle waits.
constexpr size_t kStdoutBufferBytes = 1u << 20;

}  // namespace

StdoutDestination::StdoutDestination(OutputBuffer& out, RecordFormatter formatter)
    : out_(out), formatter_(std::move(formatter)) {}

WriteResult StdoutDestination::write(RecordFields& record) {
  formatter_.append(record, out_.buffer());
  return record_appended();
}

WriteResult StdoutDestination::write_line(std::string_view line) {
  append_ndjson_line(line, out_.buffer());
  return record_appended();
}

WriteResult StdoutDestination::record_appended() {
  if (out_.buffer().size() >= kStdoutBufferBytes) out_.flush();
  ++buffered_;
  uncommitted_ = true;
  return WriteResult::accepted;
}

void StdoutDestination::flush() {
  out_.flush();
  buffered_ = 0;
}

void StdoutDestination::commit(uint64_t) {
  flush();
  uncommitted_ = false;
}

}  // namespace ss
