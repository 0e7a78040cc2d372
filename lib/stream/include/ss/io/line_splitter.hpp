// The buffer and line splitting that LineReader and FollowReader share: large block
// reads into one buffer, memchr for line ends, CRLF accepted, empty lines skipped but
// counted, a line longer than the limit reported once with its first bytes and the
// rest skipped. Where the bytes come from (files, pipes, decompressors, a followed
// file that may grow or rotate) is the owner's business: it reads into room() and
// says how much arrived with filled().
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace ss {

inline constexpr size_t kLinePadding = 64;  // >= SIMDJSON_PADDING
inline constexpr size_t kDefaultMaxLineBytes = 64u << 20;

struct Line {
  std::string_view text;    ///< without the line terminator; valid until the next call
  std::string_view source;  ///< input name, `<stdin>` for `-`
  uint64_t number = 0;      ///< 1-based line number within the source
  uint64_t end_offset = 0;  ///< byte offset just past this line's terminator in the source
  bool too_long = false;    ///< longer than the limit: text holds only its first bytes
};

class LineSplitter {
 public:
  /// Lines longer than `max_line_bytes` are reported with too_long set; reads are of
  /// `block_bytes`, and the buffer grows past that only for a longer line.
  LineSplitter(size_t max_line_bytes, size_t block_bytes);

  /// The name lines carry in Line::source; the view must outlive the splitter's use.
  void set_source(std::string_view name) { source_ = name; }

  /// The next complete line (one that ends in `\n`) in the buffer: true with `line`
  /// set, false when the buffer holds no more (read into room(), then call again).
  /// Every line's text is followed by at least kLinePadding readable bytes.
  bool next(Line& line) {
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(buf_.data() + scan_from_, '\n', end_ - scan_from_));
      if (nl == nullptr) return at_data_end(line);
      const size_t nl_pos = static_cast<size_t>(nl - buf_.data());
      if (skipping_long_) {
        // Tail of an over-long line that was already reported.
        offset_ += nl_pos + 1 - pos_;
        pos_ = scan_from_ = nl_pos + 1;
        skipping_long_ = false;
        continue;
      }
      if (nl_pos - pos_ > max_line_) {
        // Over the limit though it fits in the buffer: still a bad line, as promised.
        too_long(line, nl_pos - pos_, nl_pos + 1);
        return true;
      }
      if (emit(line, nl_pos, nl_pos + 1)) return true;
    }
  }

  /// At the end of a source's data: the bytes after the last newline as a last line
  /// (true), or false when there are none (or they are the tail of an over-long line).
  bool take_partial(Line& line) { return end_ > pos_ && !skipping_long_ && emit(line, end_, end_); }

  /// Where to read next and how much fits: moves the partial line to the front and
  /// grows the buffer only for a line longer than a block (up to the limit).
  char* room(size_t& size);
  /// `n` bytes were read into room().
  void filled(size_t n) { end_ += n; }

  /// Forgets what is buffered and continues at content `offset`, with `line_number`
  /// as the number of the line that ends there (a new source, a seek, a truncation).
  void reset(uint64_t offset, uint64_t line_number);
  /// Drops the buffered bytes without counting them as read (data cut by damage).
  void discard() { pos_ = scan_from_ = end_; }

  /// Content offset just past the last line handed out (or skipped).
  uint64_t offset() const { return offset_; }
  uint64_t line_number() const { return line_number_; }
  /// Bytes buffered past the last line handed out.
  size_t buffered() const { return end_ - pos_; }

 private:
  /// No newline in what is buffered: reports an over-long partial line once, and
  /// drops the tail of one being skipped; always false unless `line` was set.
  bool at_data_end(Line& line);
  void too_long(Line& line, size_t length, size_t next_pos);
  bool emit(Line& line, size_t end, size_t next_pos) {
    size_t text_end = end;
    if (text_end > pos_ && buf_[text_end - 1] == '\r') --text_end;
    const size_t start = pos_;
    offset_ += next_pos - pos_;
    pos_ = scan_from_ = next_pos;
    ++line_number_;
    if (text_end == start) return false;  // empty line: skipped, but counted for numbering
    line.text = std::string_view(buf_.data() + start, text_end - start);
    line.source = source_;
    line.number = line_number_;
    line.end_offset = offset_;
    line.too_long = false;
    return true;
  }

  size_t max_line_;
  size_t block_;
  std::vector<char> buf_;
  size_t pos_ = 0;        ///< start of unread data
  size_t end_ = 0;        ///< end of valid data
  size_t scan_from_ = 0;  ///< no newline in [pos_, scan_from_)
  uint64_t offset_ = 0;   ///< content offset of buf_[pos_]
  uint64_t line_number_ = 0;
  bool skipping_long_ = false;
  std::string_view source_;
};

}  // namespace ss
