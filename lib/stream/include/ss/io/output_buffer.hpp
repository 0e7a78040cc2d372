// Buffered line output to a file descriptor: records are appended to one large
// buffer and written in blocks; flush() is called by the run loop when input would
// block, so a live pipeline sees results at once and a replay writes in bulk.
#pragma once

#include <string>
#include <string_view>

namespace ss {

class OutputBuffer {
 public:
  /// Writes to `fd` (not owned); `name` appears in error messages.
  OutputBuffer(int fd, std::string name, size_t flush_bytes = 1u << 20);
  /// Opens (creates or truncates, or appends with `append`) a file for writing.
  static OutputBuffer open_file(const std::string& path, bool append);
  OutputBuffer(OutputBuffer&& other) noexcept;
  OutputBuffer& operator=(OutputBuffer&&) = delete;
  OutputBuffer(const OutputBuffer&) = delete;
  ~OutputBuffer();

  /// Appends one line (the newline is added).
  void line(std::string_view text) {
    buffer_.append(text);
    buffer_.push_back('\n');
    if (buffer_.size() >= flush_bytes_) flush();
  }
  /// Appends a control record ({"_ss":...}) unless the output is a terminal: a
  /// terminal is read by people, to whom watermarks and barriers are noise.
  void control_line(std::string_view text) {
    if (!terminal_) line(text);
  }
  /// Whether control records are left out (the fd was a terminal when opened).
  bool terminal() const { return terminal_; }
  /// Direct access for building a record in place: append, then end_line().
  std::string& buffer() { return buffer_; }
  void end_line() {
    buffer_.push_back('\n');
    flush_if_full();
  }
  /// For a writer that appends whole lines, newlines included, to buffer(): writes the
  /// buffer once it holds the flush size.
  void flush_if_full() {
    if (buffer_.size() >= flush_bytes_) flush();
  }

  /// Writes out everything buffered, waiting on a non-blocking descriptor (one a shell
  /// may hand over) until it takes more. Throws ss::BrokenPipe on EPIPE and
  /// ss::Error(io) on other write failures (a full disk, say).
  void flush();
  /// flush() and fsync().
  void sync();

  const std::string& name() const { return name_; }

 private:
  int fd_;
  bool owns_fd_ = false;
  bool terminal_ = false;
  std::string name_;
  size_t flush_bytes_;
  std::string buffer_;
};

}  // namespace ss
