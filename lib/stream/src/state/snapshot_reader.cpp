#include "ss/state/snapshot_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>

#include "ss/base/error.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/state/snapshot_format.hpp"

namespace ss {

namespace {

[[noreturn]] void throw_stopped(const std::string& path) {
  throw_io(path + ": stopped by a signal while loading the snapshot; nothing was changed");
}

/// The whole file, which must be a regular file: a FIFO, a device (/dev/zero) or a
/// directory under a snapshot's name is refused at once, not read until memory runs out.
std::string read_regular_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw_state(path + ": cannot open snapshot: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw_state(path + ": not a snapshot (not a regular file)");
  }
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t got = 0;
  while (got < data.size()) {
    if (stop_requested()) {
      ::close(fd);
      throw_stopped(path);
    }
    const size_t want = std::min<size_t>(data.size() - got, 16u << 20);
    const ssize_t n = ::read(fd, data.data() + got, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int saved = errno;
      ::close(fd);
      throw_state(path + ": cannot read snapshot: " + std::strerror(saved));
    }
    if (n == 0) break;  // shrank while we read: the checks below refuse what is left
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  data.resize(got);
  return data;
}

std::string decompress(const std::string& path, const std::string& compressed) {
  std::string out;
  // What a file this size may decompress to: snapshots are NDJSON at zstd level 3,
  // which shrinks them 5 to 30 times; anything past the bound is not ours (a
  // decompression bomb would otherwise take all memory before failing).
  const uint64_t limit = snapshot_format::kMinDecompressedLimit +
                         snapshot_format::kMaxCompressionRatio * static_cast<uint64_t>(compressed.size());
  ZSTD_DCtx* ctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{compressed.data(), compressed.size(), 0};
  size_t last = 1;
  const size_t chunk = ZSTD_DStreamOutSize();
  while (in.pos < in.size) {
    if (stop_requested()) {
      ZSTD_freeDCtx(ctx);
      throw_stopped(path);
    }
    if (out.size() > limit) {
      ZSTD_freeDCtx(ctx);
      throw_state(
          fmt::format("{}: not a snapshot (it decompresses to more than {} bytes, {} times its compressed size)", path,
                      limit, snapshot_format::kMaxCompressionRatio));
    }
    const size_t old = out.size();
    out.resize(old + chunk);
    ZSTD_outBuffer output{out.data() + old, chunk, 0};
    last = ZSTD_decompressStream(ctx, &output, &in);
    out.resize(old + output.pos);
    if (ZSTD_isError(last)) {
      const std::string reason = ZSTD_getErrorName(last);
      ZSTD_freeDCtx(ctx);
      throw_state(path + ": corrupt snapshot (" + reason + ")");
    }
    if (last == 0 && in.pos < in.size) {
      ZSTD_freeDCtx(ctx);
      throw_state(path + ": corrupt snapshot (data after the end of the frame)");
    }
  }
  ZSTD_freeDCtx(ctx);
  if (last != 0) throw_state(path + ": truncated snapshot (the compressed frame is incomplete)");
  return out;
}

}  // namespace

SnapshotReader::SnapshotReader(const std::string& path, std::string_view expected_tool) : path_(path) {
  const std::string compressed = read_regular_file(path);
  if (compressed.size() < 4 || static_cast<unsigned char>(compressed[0]) != 0x28 ||
      static_cast<unsigned char>(compressed[1]) != 0xb5)
    throw_state(path + ": not a snapshot (no zstd frame)");
  text_ = decompress(path, compressed);

  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text_.size()) {
    const size_t nl = text_.find('\n', pos);
    if (nl == std::string::npos) throw_state(path + ": truncated snapshot (last line incomplete)");
    lines.emplace_back(text_.data() + pos, nl - pos);
    pos = nl + 1;
  }
  if (lines.size() < 2) throw_state(path + ": truncated snapshot (no header or trailer)");

  simdjson::ondemand::parser parser;
  {
    simdjson::padded_string header(lines.front());
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    int64_t version = 0;
    std::string_view tool;
    std::string_view params;
    if (parser.iterate(header).get(doc) || doc.get_object().get(obj) ||
        obj.find_field(snapshot_format::kHeaderKey).get_int64().get(version))
      throw_state(path + ": not a snapshot (no header)");
    if (version != snapshot_format::kVersion)
      throw_state(fmt::format("{}: snapshot format version {} is not supported (this build reads {})", path, version,
                              snapshot_format::kVersion));
    if (obj.find_field("tool").get_string().get(tool)) throw_state(path + ": snapshot header has no tool");
    if (tool != expected_tool)
      throw_state(fmt::format("{}: snapshot belongs to ss-{}, not ss-{}", path, tool, expected_tool));
    std::string_view stage;
    if (obj.find_field("stage").get_string().get(stage)) throw_state(path + ": snapshot header has no stage");
    stage_ = std::string(stage);
    if (obj.find_field("checkpoint").get_uint64().get(checkpoint_))
      throw_state(path + ": snapshot header has no checkpoint id");
    simdjson::ondemand::object params_obj;
    if (obj.find_field("params").get_object().get(params_obj) || params_obj.raw_json().get(params))
      throw_state(path + ": snapshot header has no parameters");
    params_ = std::string(params);
  }
  {
    simdjson::padded_string trailer(lines.back());
    simdjson::ondemand::document doc;
    simdjson::ondemand::object obj;
    bool flag = false;
    uint64_t count = 0;
    std::string_view crc_text;
    if (parser.iterate(trailer).get(doc) || doc.get_object().get(obj) ||
        obj.find_field(snapshot_format::kTrailerKey).get_bool().get(flag) || !flag ||
        obj.find_field("records").get_uint64().get(count) || obj.find_field("crc32").get_string().get(crc_text))
      throw_state(path + ": truncated snapshot (no trailer)");
    if (count != lines.size() - 2)
      throw_state(fmt::format("{}: truncated snapshot ({} records, trailer says {})", path, lines.size() - 2, count));
    auto crc = static_cast<uint32_t>(crc32(0, nullptr, 0));
    for (size_t i = 1; i + 1 < lines.size(); ++i) {
      crc = static_cast<uint32_t>(
          crc32(crc, reinterpret_cast<const Bytef*>(lines[i].data()), static_cast<uInt>(lines[i].size())));
      crc = static_cast<uint32_t>(crc32(crc, reinterpret_cast<const Bytef*>("\n"), 1));
    }
    if (fmt::format("{:08x}", crc) != crc_text) throw_state(path + ": corrupt snapshot (checksum mismatch)");
  }
  records_.assign(lines.begin() + 1, lines.end() - 1);
}

bool SnapshotReader::next(std::string_view& record) {
  if (next_ >= records_.size()) return false;
  record = records_[next_++];
  return true;
}

void check_identity(const SnapshotReader& snapshot, std::string_view stage, uint64_t checkpoint) {
  if (snapshot.stage() != stage)
    throw_state(fmt::format("{}: snapshot belongs to stage {}, not {}: a file copied or renamed from another stage",
                            snapshot.path(), snapshot.stage(), stage));
  if (snapshot.checkpoint() != checkpoint)
    throw_state(fmt::format(
        "{}: snapshot header says checkpoint {}, its name says {}: a file copied or renamed from another checkpoint; "
        "remove the state directory to start the pipeline over",
        snapshot.path(), snapshot.checkpoint(), checkpoint));
}

void check_params(const SnapshotReader& snapshot, const std::string& current_params) {
  if (snapshot.params() == current_params) return;
  throw_state(fmt::format(
      "{}: snapshot was made with other parameters ({}), this run has {}; use --reset-state to start afresh",
      snapshot.path(), snapshot.params(), current_params));
}

}  // namespace ss
