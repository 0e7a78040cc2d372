#include "ss/io/line_reader.hpp"

#include <sys/stat.h>

namespace ss {

LineReader::LineReader(std::vector<std::string> sources, size_t max_line_bytes, size_t block_bytes)
    : sources_(std::move(sources)), splitter_(max_line_bytes, block_bytes) {
  if (sources_.empty()) sources_.push_back("-");
  for (const auto& s : sources_) {
    struct stat st {};
    if (s != "-" && ::stat(s.c_str(), &st) == 0 && S_ISREG(st.st_mode))
      total_size_ += static_cast<uint64_t>(st.st_size);
  }
}

LineReader::~LineReader() = default;

bool LineReader::open_next_source() {
  file_.reset();
  if (next_source_ >= sources_.size()) return false;
  file_ = std::make_unique<InputFile>(sources_[next_source_++]);
  source_name_ = file_->name();
  splitter_.set_source(source_name_);
  splitter_.reset(0, 0);
  return true;
}

bool LineReader::fill() {
  if (before_block_ && file_->would_block()) before_block_();
  size_t room = 0;
  char* dst = splitter_.room(room);
  const long n = file_->read(dst, room);
  if (n < 0) {
    interrupted_ = true;
    return true;
  }
  if (n == 0) return false;
  splitter_.filled(static_cast<size_t>(n));
  total_bytes_ += static_cast<uint64_t>(n);
  return true;
}

ReadStatus LineReader::next(Line& line) {
  for (;;) {
    if (!file_ && !open_next_source()) return ReadStatus::end;
    for (;;) {
      if (splitter_.next(line)) return ReadStatus::line;
      if (!eof_ && !fill()) {
        eof_ = true;
        // A last line without a newline.
        if (splitter_.take_partial(line)) return ReadStatus::line;
      }
      if (eof_) break;
      if (interrupted_) {
        interrupted_ = false;
        return ReadStatus::interrupted;
      }
    }
    eof_ = false;
    file_.reset();
  }
}

bool LineReader::wait_for_input(int timeout_ms) {
  if (!file_) return true;
  if (splitter_.buffered() > 0) return true;
  return file_->wait_readable(timeout_ms);
}

}  // namespace ss
