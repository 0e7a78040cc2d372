#include "ss/sink/upsert_id.hpp"

#include <fmt/format.h>

namespace ss {

bool UpsertId::check(const SinkOptions& options, RecordFields& record, std::string& reason) {
  if (record.fields().empty()) {
    reason = "an empty object has no column to write";
    return false;
  }
  if (!chosen_) {
    chosen_ = true;
    if (options.id) {
      path_ = *options.id;
    } else if (!options.no_id) {
      FieldPath session_id("session_id");
      if (record.get(session_id).present()) path_ = session_id;
    }
    if (path_) column_ = path_->text();
  }
  if (path_ && !record.get(*path_).present()) {
    reason = fmt::format("no id field \"{}\" (or it is null)", path_->text());
    return false;
  }
  return true;
}

}  // namespace ss
