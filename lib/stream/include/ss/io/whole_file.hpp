// Small files read whole: the tables of ss-join and the tables ss-window --attach
// loads, decompressed like any input (gzip and zstd by magic bytes).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "ss/io/line_reader.hpp"

namespace ss {

/// The decompressed bytes of `path` (`-` is stdin). Throws ss::Error(io).
std::string read_whole_file(const std::string& path);

/// True when the first byte after a UTF-8 BOM and blanks is `{`: the data is NDJSON
/// rather than CSV. Both table readers decide this way.
bool starts_with_json_object(std::string_view data) noexcept;

/// Calls `row(line, line_number, padding)` for each line of `data` that is not blank,
/// without its trailing blanks and `\r`. While it runs `data` is followed by
/// kLinePadding spare bytes, so every line can be parsed in place: `padding` is the
/// number of readable bytes after the line. NDJSON tables are read this way.
template <class Row>
void for_each_padded_line(std::string& data, Row&& row) {
  const size_t size = data.size();
  data.append(kLinePadding, ' ');
  uint64_t line_number = 0;
  size_t pos = 0;
  while (pos < size) {
    const char* nl = static_cast<const char*>(std::memchr(data.data() + pos, '\n', size - pos));
    const size_t end = nl ? static_cast<size_t>(nl - data.data()) : size;
    std::string_view line(data.data() + pos, end - pos);
    pos = end + 1;
    ++line_number;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) continue;
    row(line, line_number, data.size() - static_cast<size_t>(line.data() - data.data()) - line.size());
  }
  data.resize(size);
}

}  // namespace ss
