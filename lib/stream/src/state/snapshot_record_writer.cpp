#include "ss/state/snapshot_record_writer.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

void SnapshotRecordWriter::key(std::string_view name) {
  if (!first_) out_.push_back(',');
  first_ = false;
  append_json_string(out_, name);
  out_.push_back(':');
}

SnapshotRecordWriter& SnapshotRecordWriter::int64(std::string_view name, int64_t value) {
  key(name);
  append_json_number(out_, value);
  return *this;
}

SnapshotRecordWriter& SnapshotRecordWriter::uint64(std::string_view name, uint64_t value) {
  key(name);
  append_json_number(out_, value);
  return *this;
}

SnapshotRecordWriter& SnapshotRecordWriter::boolean(std::string_view name, bool value) {
  key(name);
  out_ += value ? "true" : "false";
  return *this;
}

SnapshotRecordWriter& SnapshotRecordWriter::string(std::string_view name, std::string_view value) {
  key(name);
  append_json_string(out_, value);
  return *this;
}

SnapshotRecordWriter& SnapshotRecordWriter::optional_int64(std::string_view name, std::optional<int64_t> value) {
  if (value) return int64(name, *value);
  key(name);
  out_ += "null";
  return *this;
}

}  // namespace ss
