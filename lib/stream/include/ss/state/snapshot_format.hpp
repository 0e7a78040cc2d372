// The snapshot file format, version 1. One zstd frame (with its content checksum)
// holding NDJSON lines:
//
//   {"ss_snapshot":1,"tool":"sessionize","stage":"sessionize","checkpoint":7,"params":{...}}
//   ...one JSON line per record, in the operator's own layout...
//   {"ss_trailer":true,"records":1234,"crc32":"1a2b3c4d"}
//
// crc32 (zlib's) covers every record line including its '\n'. A file is complete only
// with a trailer whose count and checksum match; anything else is refused whole.
// Files are named DIR/<stage>.<checkpoint>.snap.zst; DIR/COMMITTED holds
// {"checkpoint":N}, written by the sink once everything before barrier N is durable.
#pragma once

#include <cstdint>
#include <string_view>

namespace ss::snapshot_format {

inline constexpr int kVersion = 1;
inline constexpr std::string_view kHeaderKey = "ss_snapshot";
inline constexpr std::string_view kTrailerKey = "ss_trailer";
inline constexpr std::string_view kSuffix = ".snap.zst";
inline constexpr std::string_view kCommittedFile = "COMMITTED";

/// A reader refuses a file that decompresses to more than kMinDecompressedLimit plus
/// kMaxCompressionRatio times its compressed size (NDJSON at zstd level 3 shrinks 5 to
/// 30 times): a generous bound that still stops a decompression bomb early.
inline constexpr uint64_t kMaxCompressionRatio = 1000;
inline constexpr uint64_t kMinDecompressedLimit = 64ull << 20;

}  // namespace ss::snapshot_format
