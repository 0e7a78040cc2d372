// The fields of an event that a simdjson DOM parser has parsed already, read as a
// FieldSource. Values are the same as EventParser gives for the same line: strings
// unescaped, numbers with their raw text, objects and arrays as raw JSON text.
#pragma once

#include <simdjson.h>

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/json/field_source.hpp"

namespace ss {

class DomFields final : public FieldSource {
 public:
  /// Reads `root`, parsed from `text` (which must stay unchanged while this is used).
  /// With `ts`, the top-level member `ts` reads as that string instead (a parser that
  /// rewrote the event time gives the value it wrote).
  void reset(simdjson::dom::element root, std::string_view text, std::optional<std::string_view> ts = std::nullopt);

  using FieldSource::get;
  FieldValue get(const FieldPath& path) override;
  bool get_number(const FieldPath& path, double& out) override;

 private:
  /// The top-level `ts`, when reset() was given the text the parser wrote for it.
  bool reads_written_ts(const std::vector<std::string>& segments) const {
    return ts_ && segments.size() == 1 && segments[0] == "ts";
  }
  /// Walks `path` from the root into `value`, recording each step's index in
  /// child_index_; false when a step is missing.
  bool find(const std::vector<std::string>& segments, simdjson::dom::element& value);
  /// The raw text of the value the path's child indexes lead to.
  std::string_view raw_text(size_t depth) const;

  simdjson::dom::element root_;
  std::string_view text_;
  std::optional<std::string_view> ts_;
  /// The integer texts written for this event: in the slots while they last, then in
  /// more_numbers_ (stable addresses both).
  char number_slots_[16][24];
  size_t numbers_used_ = 0;
  std::deque<std::string> more_numbers_;
  std::vector<size_t> child_index_;  ///< the index of each path segment in its container
};

}  // namespace ss
