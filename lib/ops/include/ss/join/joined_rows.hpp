// Where ss-join builds its output rows: straight in the output buffer, or, with --set,
// in a scratch buffer from which each row is written with its computed fields.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ss/expr/field_setter.hpp"
#include "ss/io/output_buffer.hpp"
#include "ss/op/stream_options.hpp"

namespace ss {

class EventParser;

class JoinedRows {
 public:
  /// `set` holds the --set flag values; the rows' event time is read from
  /// `stream.time_field` for event_time().
  JoinedRows(const std::vector<std::string>& set, const StreamOptions& stream);
  ~JoinedRows();

  /// The buffer to append one row (a JSON object, no newline) to.
  std::string& start(OutputBuffer& out);
  /// Ends the row begun with start(): computes the --set fields and writes the line.
  void finish(OutputBuffer& out);
  /// Writes a whole row.
  void write(std::string_view row, OutputBuffer& out) {
    start(out).append(row);
    finish(out);
  }

 private:
  FieldSetter setter_;
  const StreamOptions& stream_;
  std::unique_ptr<EventParser> parser_;  ///< reads a row for --set
  std::string row_;
};

}  // namespace ss
