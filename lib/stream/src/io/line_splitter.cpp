#include "ss/io/line_splitter.hpp"

#include <algorithm>
#include <cstring>

namespace ss {

LineSplitter::LineSplitter(size_t max_line_bytes, size_t block_bytes) : max_line_(max_line_bytes), block_(block_bytes) {
  buf_.resize(block_ + kLinePadding);
}

bool LineSplitter::at_data_end(Line& line) {
  scan_from_ = end_;
  if (!skipping_long_ && end_ - pos_ > max_line_) {
    // Report the over-long line once, with its first bytes, and skip the rest.
    too_long(line, end_ - pos_, end_);
    skipping_long_ = true;
    return true;
  }
  if (skipping_long_) {
    offset_ += end_ - pos_;
    pos_ = end_ = scan_from_ = 0;
  }
  return false;
}

void LineSplitter::too_long(Line& line, size_t length, size_t next_pos) {
  line.text = std::string_view(buf_.data() + pos_, std::min<size_t>(length, 256));
  line.source = source_;
  line.number = ++line_number_;
  line.too_long = true;
  offset_ += next_pos - pos_;
  line.end_offset = offset_;
  pos_ = scan_from_ = next_pos;
}

char* LineSplitter::room(size_t& size) {
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    scan_from_ -= pos_;
    pos_ = 0;
  }
  if (end_ + kLinePadding >= buf_.size()) {
    const size_t grown = std::min(buf_.size() * 2, max_line_ + block_ + kLinePadding);
    if (grown > buf_.size()) buf_.resize(grown);
  }
  size = buf_.size() - kLinePadding - end_;
  return buf_.data() + end_;
}

void LineSplitter::reset(uint64_t offset, uint64_t line_number) {
  pos_ = end_ = scan_from_ = 0;
  offset_ = offset;
  line_number_ = line_number;
  skipping_long_ = false;
}

}  // namespace ss
