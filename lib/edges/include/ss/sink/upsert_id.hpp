// The upsert key of a table destination (SQLite, PostgreSQL), chosen at its first
// record: --id, else session_id when that record has it (ss-sessionize's sessions),
// unless --no-id; none means the destination appends.
#pragma once

#include <optional>
#include <string>

#include "ss/json/field_path.hpp"
#include "ss/json/record_fields.hpp"
#include "ss/sink/sink_options.hpp"

namespace ss {

class UpsertId {
 public:
  /// False, with the reason in `reason`, for a record a table cannot take: an empty
  /// object, or one without the id field (or with a null id). Chooses the id at the
  /// first call.
  bool check(const SinkOptions& options, RecordFields& record, std::string& reason);
  /// The id column; unset = append. Chosen at the first check().
  const std::optional<std::string>& column() const { return column_; }

 private:
  bool chosen_ = false;
  std::optional<FieldPath> path_;
  std::optional<std::string> column_;
};

}  // namespace ss
