#include "ss/io/line_reader.hpp"

#include <sys/stat.h>

#include <cstring>

namespace ss {

LineReader::LineReader(std::vector<std::string> sources, size_t max_line_bytes, size_t block_bytes)
    : sources_(std::move(sources)), max_line_(max_line_bytes), block_(block_bytes) {
  if (sources_.empty()) sources_.push_back("-");
  for (const auto& s : sources_) {
    struct stat st {};
    if (s != "-" && ::stat(s.c_str(), &st) == 0 && S_ISREG(st.st_mode))
      total_size_ += static_cast<uint64_t>(st.st_size);
  }
  buf_.resize(block_ + kLinePadding);
}

LineReader::~LineReader() = default;

bool LineReader::open_next_source() {
  file_.reset();
  if (next_source_ >= sources_.size()) return false;
  file_ = std::make_unique<InputFile>(sources_[next_source_++]);
  source_name_ = file_->name();
  pos_ = end_ = 0;
  line_number_ = 0;
  offset_ = 0;
  skipping_long_ = false;
  eof_ = false;
  return true;
}

bool LineReader::fill() {
  // Keep the partial line, move it to the front, and grow only for a line that is
  // longer than a block (up to the limit).
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ + kLinePadding >= buf_.size()) {
    const size_t grown = std::min(buf_.size() * 2, max_line_ + block_ + kLinePadding);
    if (grown > buf_.size()) buf_.resize(grown);
  }
  if (before_block_ && file_->would_block()) before_block_();
  const size_t room = buf_.size() - kLinePadding - end_;
  const long n = file_->read(buf_.data() + end_, room);
  if (n < 0) {
    interrupted_ = true;
    return true;
  }
  if (n == 0) return false;
  end_ += static_cast<size_t>(n);
  total_bytes_ += static_cast<uint64_t>(n);
  return true;
}

bool LineReader::emit(Line& line, size_t end, size_t next_pos) {
  size_t text_end = end;
  if (text_end > pos_ && buf_[text_end - 1] == '\r') --text_end;
  const uint64_t line_offset_end = offset_ + (next_pos - pos_);
  const size_t start = pos_;
  offset_ = line_offset_end;
  pos_ = next_pos;
  ++line_number_;
  if (text_end == start) return false;  // empty line: skipped, but counted for numbering
  line.text = std::string_view(buf_.data() + start, text_end - start);
  line.source = source_name_;
  line.number = line_number_;
  line.end_offset = line_offset_end;
  line.too_long = false;
  return true;
}

ReadStatus LineReader::next(Line& line) {
  for (;;) {
    if (!file_ && !open_next_source()) return ReadStatus::end;
    size_t scan_from = pos_;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(buf_.data() + scan_from, '\n', end_ - scan_from));
      if (nl != nullptr) {
        const size_t nl_pos = static_cast<size_t>(nl - buf_.data());
        if (skipping_long_) {
          // Tail of an over-long line that was already reported.
          offset_ += nl_pos + 1 - pos_;
          pos_ = nl_pos + 1;
          skipping_long_ = false;
          scan_from = pos_;
          continue;
        }
        if (nl_pos - pos_ > max_line_) {
          // Over the limit though it fits in the buffer: still a bad line, as promised.
          line.text = std::string_view(buf_.data() + pos_, std::min<size_t>(nl_pos - pos_, 256));
          line.source = source_name_;
          line.number = ++line_number_;
          line.too_long = true;
          offset_ += nl_pos + 1 - pos_;
          line.end_offset = offset_;
          pos_ = nl_pos + 1;
          return ReadStatus::line;
        }
        if (emit(line, nl_pos, nl_pos + 1)) return ReadStatus::line;
        scan_from = pos_;
        continue;
      }
      if (eof_) {
        if (end_ > pos_ && !skipping_long_) {
          // A last line without a newline.
          if (emit(line, end_, end_)) return ReadStatus::line;
        }
        break;
      }
      if (!skipping_long_ && end_ - pos_ > max_line_) {
        // Report the over-long line once, with its first bytes, and skip the rest.
        line.text = std::string_view(buf_.data() + pos_, std::min<size_t>(end_ - pos_, 256));
        line.source = source_name_;
        line.number = ++line_number_;
        line.too_long = true;
        offset_ += end_ - pos_;
        pos_ = end_;
        skipping_long_ = true;
        line.end_offset = offset_;
        return ReadStatus::line;
      }
      if (skipping_long_) {
        offset_ += end_ - pos_;
        pos_ = end_ = 0;
      }
      scan_from = end_ - pos_;
      if (!fill()) {
        eof_ = true;
        scan_from = end_;
      } else {
        scan_from = pos_ + scan_from;
      }
      if (interrupted_) {
        interrupted_ = false;
        return ReadStatus::interrupted;
      }
    }
    file_.reset();
  }
}

bool LineReader::wait_for_input(int timeout_ms) {
  if (!file_) return true;
  if (pos_ < end_) return true;
  return file_->wait_readable(timeout_ms);
}

}  // namespace ss
