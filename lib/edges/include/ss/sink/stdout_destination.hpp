// `--to -`: records on stdout as NDJSON, CSV or TSV. A pipe cannot take back what it
// was given, so this destination is at-least-once: commit() only flushes, and after a
// crash the records since the last COMMITTED are written a second time by the replay.
#pragma once

#include <cstddef>

#include "ss/io/output_buffer.hpp"
#include "ss/sink/destination.hpp"
#include "ss/sink/record_formatter.hpp"

namespace ss {

class StdoutDestination final : public Destination {
 public:
  /// `out` (not owned) must outlive the destination.
  StdoutDestination(OutputBuffer& out, RecordFormatter formatter);

  void recover(uint64_t) override {}
  WriteResult write(RecordFields& record) override;
  bool takes_lines_as_they_are() const override { return formatter_.format() == RecordFormat::ndjson; }
  WriteResult write_line(std::string_view line) override;
  size_t buffered() const override { return buffered_; }
  void flush() override;
  void commit(uint64_t checkpoint) override;
  void abandon() noexcept override { uncommitted_ = false; }
  bool uncommitted() const override { return uncommitted_; }

 private:
  WriteResult record_appended();

  OutputBuffer& out_;
  RecordFormatter formatter_;
  size_t buffered_ = 0;
  bool uncommitted_ = false;
};

}  // namespace ss
