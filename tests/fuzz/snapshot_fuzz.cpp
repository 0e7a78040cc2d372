// libFuzzer target for SnapshotReader: any bytes under a snapshot's name must load or be
// refused with ss::Error(state), never crash, hang or throw anything else. Arbitrary
// bytes rarely get past zstd's frame checks, so the first byte chooses what the rest is:
//   0 mod 3  the file itself
//   1 mod 3  the decompressed text, which the target compresses (with a checksum)
//   2 mod 3  header and record lines, to which the target adds a trailer whose count
//            and crc32 match before compressing, so the header and records are read
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "fuzz_check.hpp"
#include "ss/base/error.hpp"
#include "ss/state/snapshot_reader.hpp"

namespace {

std::string compress(std::string_view text) {
  static ZSTD_CCtx* const ctx = [] {  // one context for every input: making one costs more than the run
    ZSTD_CCtx* c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 1);
    return c;
  }();
  std::string out(ZSTD_compressBound(text.size()), '\0');
  const size_t n = ZSTD_compress2(ctx, out.data(), out.size(), text.data(), text.size());
  if (ZSTD_isError(n)) ss::fuzz::fail("zstd cannot compress", ZSTD_getErrorName(n));
  out.resize(n);
  return out;
}

/// `text` followed by a trailer for its lines after the first (text ends in '\n').
std::string with_trailer(std::string text) {
  if (text.empty() || text.back() != '\n') text.push_back('\n');
  const size_t header_end = text.find('\n') + 1;
  const std::string_view records = std::string_view(text).substr(header_end);
  size_t count = 0;
  for (const char c : records) count += c == '\n' ? 1 : 0;
  const auto crc = static_cast<uint32_t>(
      crc32(crc32(0, nullptr, 0), reinterpret_cast<const Bytef*>(records.data()), static_cast<uInt>(records.size())));
  text += fmt::format("{{\"ss_trailer\":true,\"records\":{},\"crc32\":\"{:08x}\"}}\n", count, crc);
  return text;
}

/// The snapshot file: a memory file, named by its /proc/self/fd link.
struct MemoryFile {
  int fd = ::memfd_create("snapshot", 0);
  std::string path = "/proc/self/fd/" + std::to_string(fd);

  void write(std::string_view bytes) const {
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
      ss::fuzz::fail("cannot write the memory file", path);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const MemoryFile file;
  if (file.fd < 0) ss::fuzz::fail("memfd_create failed", "");
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: file.write(rest); break;
    case 1: file.write(compress(rest)); break;
    default: file.write(compress(with_trailer(std::string(rest)))); break;
  }
  try {
    ss::SnapshotReader reader(file.path, "window");
    size_t records = 0;
    std::string_view record;
    while (reader.next(record)) {
      if (record.find('\n') != std::string_view::npos) ss::fuzz::fail("a record with a newline", record);
      ++records;
    }
    if (records != reader.record_count()) ss::fuzz::fail("next() and record_count() disagree", rest);
    ss::check_identity(reader, "window", 1);
    ss::check_params(reader, "{}");
  } catch (const ss::Error& e) {
    if (e.kind() != ss::ErrorKind::state) ss::fuzz::fail("an error that is not a state error", e.what());
  }
  return 0;
}
