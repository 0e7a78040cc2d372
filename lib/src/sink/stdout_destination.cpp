#include "ss/sink/stdout_destination.hpp"

namespace ss {

StdoutDestination::StdoutDestination(OutputBuffer& out, RecordFormatter formatter)
    : out_(out), formatter_(std::move(formatter)) {}

WriteResult StdoutDestination::write(RecordFields& record) {
  // The OutputBuffer writes by itself once it holds a large block; flush() below
  // bounds how long a small trickle waits.
  std::string& buffer = out_.buffer();
  formatter_.append(record, buffer);
  if (buffer.size() >= (1u << 20)) out_.flush();
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
