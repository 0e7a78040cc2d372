#include "ss/io/input_file.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "ss/base/error.hpp"
#include "ss/io/pipe_size.hpp"

namespace ss {

struct InputFile::Decoder {
  std::vector<char> in = std::vector<char>(1 << 17);
  size_t in_pos = 0;
  size_t in_size = 0;
  bool input_done = false;
  // zstd
  ZSTD_DCtx* zstd = nullptr;
  // gzip (zlib with automatic header detection, several members allowed)
  z_stream gz{};
  bool gz_init = false;
  bool stream_ended = false;
  std::string error;  ///< damage found after some output was handed out: thrown by the next read

  ~Decoder() {
    if (zstd) ZSTD_freeDCtx(zstd);
    if (gz_init) inflateEnd(&gz);
  }
};

InputFile::InputFile(const std::string& path) : name_(path == "-" ? "<stdin>" : path) {
  if (path == "-") {
    fd_ = 0;
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw_io(name_ + ": " + std::strerror(errno));
    owns_fd_ = true;
  }
  enlarge_pipe(fd_);
  detect_compression();
}

InputFile::~InputFile() {
  if (owns_fd_) ::close(fd_);
}

long InputFile::read_raw(char* buf, size_t size) {
  if (pending_pos_ < pending_.size()) {
    const size_t n = std::min(size, pending_.size() - pending_pos_);
    std::memcpy(buf, pending_.data() + pending_pos_, n);
    pending_pos_ += n;
    return static_cast<long>(n);
  }
  for (;;) {
    const ssize_t n = ::read(fd_, buf, size);
    if (n >= 0) {
      raw_offset_ += static_cast<uint64_t>(n);
      return n;
    }
    if (errno == EINTR) return -1;
    if (errno == EAGAIN) {
      wait_readable(-1);
      continue;
    }
    throw_io(name_ + ": read failed: " + std::strerror(errno));
  }
}

void InputFile::detect_compression() {
  // Read up to four bytes for the magic number; a pipe may deliver them in pieces.
  char magic[4];
  size_t got = 0;
  while (got < sizeof magic) {
    const ssize_t n = ::read(fd_, magic + got, sizeof magic - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io(name_ + ": read failed: " + std::strerror(errno));
    }
    got += static_cast<size_t>(n);
    raw_offset_ += static_cast<uint64_t>(n);
  }
  pending_.assign(magic, got);
  const auto b = [&](size_t i) { return static_cast<unsigned char>(magic[i]); };
  if (got >= 2 && b(0) == 0x1f && b(1) == 0x8b) {
    compression_ = Compression::gzip;
  } else if (got >= 4 && b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd) {
    compression_ = Compression::zstd;
  }
  if (compression_ == Compression::none) return;
  decoder_ = std::make_unique<Decoder>();
  if (compression_ == Compression::zstd) {
    decoder_->zstd = ZSTD_createDCtx();
  } else {
    if (inflateInit2(&decoder_->gz, 15 + 32) != Z_OK) throw_io(name_ + ": cannot start gzip decoder");
    decoder_->gz_init = true;
  }
}

long InputFile::read(char* buf, size_t size) {
  if (compression_ == Compression::none) return read_raw(buf, size);
  Decoder& d = *decoder_;
  if (!d.error.empty()) throw_io(d.error);
  for (;;) {
    if (d.in_pos == d.in_size && !d.input_done) {
      const long n = read_raw(d.in.data(), d.in.size());
      if (n < 0) return -1;
      d.in_pos = 0;
      d.in_size = static_cast<size_t>(n);
      if (n == 0) d.input_done = true;
    }
    size_t produced = 0;
    if (compression_ == Compression::zstd) {
      ZSTD_inBuffer in{d.in.data(), d.in_size, d.in_pos};
      ZSTD_outBuffer out{buf, size, 0};
      const size_t before = in.pos;
      const size_t rc = ZSTD_decompressStream(d.zstd, &out, &in);
      if (ZSTD_isError(rc)) {
        const std::string error = name_ + ": zstd: " + ZSTD_getErrorName(rc);
        if (out.pos == 0) throw_io(error);
        d.error = error;  // reported by the next read, after what came before the damage
        return static_cast<long>(out.pos);
      }
      d.in_pos = in.pos;
      produced = out.pos;
      // A call that neither consumed nor produced says nothing about the frame's end:
      // keep what the last real step found.
      if (in.pos != before || produced > 0) d.stream_ended = rc == 0;
    } else {
      if (d.stream_ended && d.in_pos < d.in_size) {
        inflateReset(&d.gz);  // concatenated gzip members, as `cat a.gz b.gz` makes
        d.stream_ended = false;
      }
      if (d.stream_ended) {
        produced = 0;
      } else {
        d.gz.next_in = reinterpret_cast<Bytef*>(d.in.data() + d.in_pos);
        d.gz.avail_in = static_cast<uInt>(d.in_size - d.in_pos);
        d.gz.next_out = reinterpret_cast<Bytef*>(buf);
        d.gz.avail_out = static_cast<uInt>(size);
        const int rc = inflate(&d.gz, Z_NO_FLUSH);
        d.in_pos = d.in_size - d.gz.avail_in;
        produced = size - d.gz.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
          const std::string error = name_ + ": gzip: " + (d.gz.msg ? d.gz.msg : "corrupt data");
          // Hand out what was decompressed before the damage; the next read reports it.
          if (produced == 0) throw_io(error);
          d.error = error;
          return static_cast<long>(produced);
        }
        d.stream_ended = rc == Z_STREAM_END;
      }
    }
    if (produced > 0) return static_cast<long>(produced);
    if (d.input_done && d.in_pos == d.in_size) {
      if (!d.stream_ended) throw_io(name_ + ": compressed data is truncated");
      return 0;
    }
  }
}

bool InputFile::would_block() const {
  if (pending_pos_ < pending_.size()) return false;
  if (decoder_ && decoder_->in_pos < decoder_->in_size) return false;
  pollfd p{fd_, POLLIN, 0};
  const int rc = ::poll(&p, 1, 0);
  return rc == 0;
}

bool InputFile::wait_readable(int timeout_ms) const {
  pollfd p{fd_, POLLIN, 0};
  const int rc = ::poll(&p, 1, timeout_ms);
  return rc > 0;
}

}  // namespace ss
