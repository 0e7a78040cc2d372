// Reads a table file (CSV with a header row, or NDJSON; gzip and zstd by magic bytes)
// into a LookupTable, rendering each row's added fields once. Errors name the file and
// line: `users.csv:17: expected 3 fields, got 2`.
#pragma once

#include <cstdint>
#include <memory>

#include "ss/join/join_options.hpp"
#include "ss/join/lookup_table.hpp"

namespace ss {

/// Which version of a file was read: a rename-into-place changes the inode, an
/// in-place rewrite the size or modification time.
struct TableFileVersion {
  uint64_t device = 0;
  uint64_t inode = 0;
  int64_t size = -1;
  int64_t mtime_ns = 0;
  bool operator==(const TableFileVersion&) const = default;
};

/// The version of the file at `path` now; size -1 when it cannot be stat'ed.
TableFileVersion table_file_version(const std::string& path);

struct LoadedTable {
  std::shared_ptr<const LookupTable> table;
  TableFileVersion version;  ///< stat'ed before the read began
  bool csv = false;
};

/// Loads the table `spec` describes. Throws ss::Error(io) when the file cannot be read,
/// ss::Error(data) for a malformed row (with file and line) and ss::Error(usage) when
/// a --on, --select or --valid-from column does not exist in a CSV header.
LoadedTable load_table(const TableSpec& spec);

}  // namespace ss
