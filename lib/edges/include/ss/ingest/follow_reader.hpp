// Reads one named input of ss-ingest line by line: a file, `-` for stdin, gzip or zstd
// by magic bytes. It can start at a saved byte offset (to resume), and with `follow` it
// behaves like `tail -F`: it waits for appended lines, survives rotation by rename and
// by copytruncate, and picks up a file that appears later. It never blocks: when nothing
// is to be had now it says `idle`, so one loop can serve many inputs, flush its output
// and take checkpoints in between.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/ingest/file_identity.hpp"
#include "ss/io/input_file.hpp"
#include "ss/io/line_splitter.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

struct FollowReaderOptions {
  bool follow = false;
  size_t max_line_bytes = kDefaultMaxLineBytes;
  size_t block_bytes = 1u << 20;
  /// follow: a last line without newline is handed out once no byte arrived for this
  /// long; 0 waits for its newline forever. Without follow it is handed out at the end.
  TimeUs partial_timeout = 0;
};

enum class FollowStatus {
  line,         ///< `line` holds the next line
  opened,       ///< a file was opened at offset 0 (see open_reason()); seek() may follow
  idle,         ///< nothing new for now: call wait(), then next() again
  end,          ///< this input is finished (without follow; or stdin/a pipe was closed)
  interrupted,  ///< a signal arrived during a read
};

enum class OpenReason {
  first,      ///< the first open of this input
  rotated,    ///< the name now points at another file; the old one was read to its end
  truncated,  ///< the file shrank or its first bytes changed (copytruncate): read again from 0
  appeared,   ///< follow: the file did not exist at first
};

class FollowReader {
 public:
  /// `path` is a file name or `-` (stdin). Nothing is opened before the first next().
  FollowReader(std::string path, FollowReaderOptions options);
  ~FollowReader();
  FollowReader(const FollowReader&) = delete;
  FollowReader& operator=(const FollowReader&) = delete;

  /// Called just before something that may block (opening stdin): the moment to flush.
  void set_before_block(std::function<void()> hook) { before_block_ = std::move(hook); }

  /// The next line or event. Lines are split at `\n` (a trailing `\r` is dropped), empty
  /// lines are skipped but counted; a line longer than max_line_bytes is handed out once
  /// with too_long set and its first bytes. Throws ss::Error(io) when the file cannot be
  /// opened (without follow; with follow a missing file is waited for) or read. As
  /// with LineReader, a line's text is followed by at least kLinePadding readable bytes.
  FollowStatus next(Line& line);

  /// Right after `opened`: continue at byte `offset` of the (decompressed) content, with
  /// `line_number` as the number of the line that ends there. Returns false, staying at
  /// offset 0, when the content is shorter than `offset`.
  bool seek(uint64_t offset, uint64_t line_number);

  /// Waits up to `timeout_ms` for input: poll() on a pipe, a plain sleep for files.
  /// Returns early on a signal.
  void wait(int timeout_ms) const;

  /// True while a file is open (false before the first next() and while a followed
  /// file is missing).
  bool is_open() const { return fd_ >= 0; }
  /// The open file's descriptor (for identity checks; do not read from it), -1 when none.
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  /// The name in messages: the path, `<stdin>` for `-`.
  const std::string& name() const { return name_; }
  OpenReason open_reason() const { return open_reason_; }
  /// The open file's identity (device, inode, fingerprint of the first bytes read so
  /// far); nullopt for stdin, pipes and while nothing is open.
  std::optional<FileIdentity> identity();
  /// The open file's size in bytes (compressed size for compressed files), 0 for pipes.
  uint64_t file_size() const;
  bool compressed() const;
  /// Content bytes consumed so far by complete lines (the offset a resume would use).
  uint64_t offset() const { return splitter_.offset(); }
  uint64_t line_number() const { return splitter_.line_number(); }
  /// All content bytes read from this input, across reopened files (for --progress).
  uint64_t bytes_read() const { return bytes_read_; }
  /// After `end`: why a compressed file ended early (truncated or corrupt data), empty
  /// when it ended whole. Every complete line before the damage was handed out; the
  /// partial line at the damage was not.
  const std::string& damage() const { return damage_; }
  /// After `opened` with reason truncated: bytes that had been read past the last
  /// complete line (a partial line) and are gone with the old content.
  uint64_t lost_bytes() const { return lost_bytes_; }

 private:
  static constexpr long kWouldBlock = -2;

  bool open_file(OpenReason reason);
  void close_file();
  long read_more();
  /// Reads into the buffer; false at the current end of data (see eof_ / would_block_).
  bool fill();
  /// follow, at end of data: checks the name and the open file for rotation or
  /// truncation. Returns the event to report, or nullopt to stay idle.
  std::optional<FollowStatus> check_follow();
  bool prefix_changed();
  /// Takes the first bytes read of a plain file into its prefix.
  void remember_prefix(std::string_view bytes);

  const std::string path_;
  const std::string name_;
  const FollowReaderOptions options_;

  int fd_ = -1;  ///< the open file (0 for stdin); owned unless stdin
  bool regular_ = false;
  std::unique_ptr<InputFile> stream_;  ///< compressed files, stdin and pipes
  std::string prefix_;                 ///< the file's first bytes, for its fingerprint
  OpenReason open_reason_ = OpenReason::first;
  bool opened_once_ = false;
  bool warned_missing_ = false;

  LineSplitter splitter_;
  uint64_t read_pos_ = 0;  ///< content offset of the end of the buffered data
  uint64_t bytes_read_ = 0;
  bool eof_ = false;          ///< the last read found no more data
  bool would_block_ = false;  ///< the last read would have waited for a pipe
  bool interrupted_ = false;
  bool draining_ = false;  ///< the name points at another file: read this one to its end first
  std::string damage_;     ///< why a compressed file's data ended early
  uint64_t lost_bytes_ = 0;
  std::chrono::steady_clock::time_point last_data_;
  std::function<void()> before_block_;
};

}  // namespace ss
