#include "ss/state/snapshot_writer.hpp"

#include <zlib.h>
#include <zstd.h>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_format.hpp"

namespace ss {

SnapshotWriter::SnapshotWriter(std::string path, std::string_view tool, std::string_view stage, uint64_t checkpoint,
                               std::string_view params_json)
    : file_(std::move(path)) {
  zstd_ = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(zstd_, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(zstd_, ZSTD_c_checksumFlag, 1);
  crc_ = static_cast<uint32_t>(crc32(0, nullptr, 0));
  std::string header;
  JsonObjectWriter w(header);
  w.number(snapshot_format::kHeaderKey, static_cast<int64_t>(snapshot_format::kVersion));
  w.string("tool", tool);
  w.string("stage", stage);
  w.number("checkpoint", checkpoint);
  w.raw("params", params_json.empty() ? std::string_view("{}") : params_json);
  w.finish();
  write_line(header);
}

SnapshotWriter::~SnapshotWriter() {
  if (zstd_) ZSTD_freeCCtx(zstd_);
}

void SnapshotWriter::write_line(std::string_view line) {
  in_.append(line);
  in_.push_back('\n');
  if (in_.size() >= (1u << 20)) flush_compressed(false);
}

void SnapshotWriter::record(std::string_view json) {
  SS_ASSERT(json.find('\n') == std::string_view::npos);
  crc_ =
      static_cast<uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(json.data()), static_cast<uInt>(json.size())));
  crc_ = static_cast<uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>("\n"), 1));
  ++records_;
  write_line(json);
}

void SnapshotWriter::flush_compressed(bool end) {
  ZSTD_inBuffer input{in_.data(), in_.size(), 0};
  const size_t chunk = ZSTD_CStreamOutSize();
  for (;;) {
    out_.resize(chunk);
    ZSTD_outBuffer output{out_.data(), out_.size(), 0};
    const size_t rc = ZSTD_compressStream2(zstd_, &output, &input, end ? ZSTD_e_end : ZSTD_e_continue);
    if (ZSTD_isError(rc)) throw_io(file_.path() + ": zstd: " + ZSTD_getErrorName(rc));
    file_.write(std::string_view(out_.data(), output.pos));
    const bool done = end ? rc == 0 : input.pos == input.size;
    if (done) break;
  }
  in_.clear();
}

void SnapshotWriter::commit() {
  SS_ASSERT(!committed_);
  write_line(
      fmt::format("{{\"{}\":true,\"records\":{},\"crc32\":\"{:08x}\"}}", snapshot_format::kTrailerKey, records_, crc_));
  flush_compressed(true);
  file_.commit();
  committed_ = true;
}

}  // namespace ss
