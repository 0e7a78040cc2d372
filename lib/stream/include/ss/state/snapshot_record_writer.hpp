// Typed writing of snapshot records, the counterpart of SnapshotValue (snapshot_record.hpp):
// an operator's snapshot() says which members each record has and of what type, and
// each type is written the way SnapshotValue reads it back. Times in particular are
// integer microseconds (SnapshotValue::time()), not the RFC 3339 text of events that
// JsonObjectWriter::time() writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ss/json/json_writer.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// Builds one record at a time in the snapshot's reusable buffer:
///   SnapshotRecordWriter rec(writer);
///   rec.begin().string("key", key).time("start", start);
///   rec.end();
class SnapshotRecordWriter {
 public:
  /// Records go to `snapshot`.
  explicit SnapshotRecordWriter(SnapshotWriter& snapshot) : snapshot_(snapshot), out_(snapshot.buffer()) {}
  SnapshotRecordWriter(const SnapshotRecordWriter&) = delete;
  SnapshotRecordWriter& operator=(const SnapshotRecordWriter&) = delete;

  /// Starts a record (an object); the one before must have been ended.
  SnapshotRecordWriter& begin() {
    out_.clear();
    record_.emplace(out_);
    return *this;
  }
  /// Ends the record and appends it to the snapshot (ss::Error(io) on a write failure).
  void end() {
    record_->finish();
    snapshot_.record(out_);
  }

  /// Read by SnapshotValue::int64().
  SnapshotRecordWriter& int64(std::string_view name, int64_t value) {
    record_->number(name, value);
    return *this;
  }
  /// Read by SnapshotValue::uint64().
  SnapshotRecordWriter& uint64(std::string_view name, uint64_t value) {
    record_->number(name, value);
    return *this;
  }
  /// Read by SnapshotValue::boolean().
  SnapshotRecordWriter& boolean(std::string_view name, bool value) {
    record_->boolean(name, value);
    return *this;
  }
  /// Read by SnapshotValue::string(): any bytes, escaped.
  SnapshotRecordWriter& string(std::string_view name, std::string_view value) {
    record_->string(name, value);
    return *this;
  }
  /// Microseconds since the epoch, as an integer: read by SnapshotValue::time().
  SnapshotRecordWriter& time(std::string_view name, TimeUs value) { return int64(name, value); }
  /// An integer, or null when there is none: read by SnapshotValue::optional_int64().
  SnapshotRecordWriter& optional_int64(std::string_view name, std::optional<int64_t> value) {
    if (value) return int64(name, *value);
    record_->null(name);
    return *this;
  }
  /// A time, or null when there is none: read by SnapshotValue::optional_time().
  SnapshotRecordWriter& optional_time(std::string_view name, std::optional<TimeUs> value) {
    return optional_int64(name, value);
  }
  /// Starts a member whose value the caller appends to the returned buffer, one
  /// complete JSON value (saved aggregates, arrays), before the next member.
  std::string& value(std::string_view name) {
    record_->key(name);
    return out_;
  }

 private:
  SnapshotWriter& snapshot_;
  std::string& out_;                        // the snapshot's buffer
  std::optional<JsonObjectWriter> record_;  // the record begun last, writing into out_
};

}  // namespace ss
