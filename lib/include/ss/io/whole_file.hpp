// Small files read whole: the tables of ss-join and the tables ss-window --attach
// loads, decompressed like any input (gzip and zstd by magic bytes).
#pragma once

#include <string>
#include <string_view>

namespace ss {

/// The decompressed bytes of `path` (`-` is stdin). Throws ss::Error(io).
std::string read_whole_file(const std::string& path);

/// True when the first byte after a UTF-8 BOM and blanks is `{`: the data is NDJSON
/// rather than CSV. Both table readers decide this way.
bool starts_with_json_object(std::string_view data) noexcept;

}  // namespace ss
