// `--attach name=path`: reference data for SQL queries (ss-window --sql).
#pragma once

#include <string>
#include <string_view>

namespace ss {

/// A SQLite database attached read-only under `name`, or a CSV (header row) or NDJSON
/// file loaded once into the table `name`; which one is told by the file's bytes.
struct SqlAttachment {
  std::string name;
  std::string path;
};

/// Parses `name=path`. Throws ss::Error(usage) naming --attach when the text has no
/// `=`, the name is not a plain SQL identifier, or it is main, temp or events.
SqlAttachment parse_sql_attachment(std::string_view text);

}  // namespace ss
