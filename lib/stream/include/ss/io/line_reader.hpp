// Splits a sequence of inputs into lines (with LineSplitter): large block reads, memchr
// for line ends, CRLF accepted, a last line without newline kept, empty lines skipped.
// Each line's bytes are followed by at least kLinePadding readable bytes, so simdjson
// can parse it in place without a copy.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ss/io/input_file.hpp"
#include "ss/io/line_splitter.hpp"

namespace ss {

enum class ReadStatus { line, end, interrupted };

class LineReader {
 public:
  /// `sources` are read in order; an empty list means stdin. Lines longer than
  /// `max_line_bytes` are reported with too_long set instead of being buffered.
  explicit LineReader(std::vector<std::string> sources, size_t max_line_bytes = kDefaultMaxLineBytes,
                      size_t block_bytes = 1u << 20);
  ~LineReader();

  /// Called just before a read that would block (a quiet pipe): the moment to flush.
  void set_before_block(std::function<void()> hook) { before_block_ = std::move(hook); }

  /// Next line, end of all input, or `interrupted` when a signal arrived during a wait.
  ReadStatus next(Line& line);

  /// Waits up to `timeout_ms` for more input on the current source; false on timeout.
  bool wait_for_input(int timeout_ms);

  /// Bytes consumed so far from the current source (for progress).
  uint64_t bytes_read() const { return total_bytes_; }
  /// Total size of regular-file sources, 0 when unknown (pipes).
  uint64_t total_size() const { return total_size_; }

 private:
  bool open_next_source();
  bool fill();  // false at end of the current source

  std::vector<std::string> sources_;
  size_t next_source_ = 0;
  std::unique_ptr<InputFile> file_;
  std::string source_name_;
  LineSplitter splitter_;
  bool eof_ = false;  // the current source has no more data
  bool interrupted_ = false;
  uint64_t total_bytes_ = 0;
  uint64_t total_size_ = 0;
  std::function<void()> before_block_;
};

}  // namespace ss
