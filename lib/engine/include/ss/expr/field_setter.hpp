// --set NAME=EXPR on raw event lines: each computed value becomes a top-level member;
// a member of the same name already in the event is replaced. Every other member is
// copied byte for byte, never re-serialised.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/expr/expression.hpp"
#include "ss/json/field_path.hpp"
#include "ss/json/field_source.hpp"
#include "ss/json/field_transform.hpp"

namespace ss {

class FieldSetter {
 public:
  /// `specs` are the flag values (`name=EXPR`); `time_field` names the event time,
  /// which --set may not replace. Throws ss::Error(usage) naming `flag`.
  FieldSetter(const std::vector<std::string>& specs, std::string_view time_field, std::string_view flag = "--set");

  bool empty() const noexcept { return fields_.empty(); }
  /// The computed fields, in flag order.
  const std::vector<ComputedField>& fields() const noexcept { return fields_; }

  /// Appends `line` with the computed members to `out`. `fields` must be those of
  /// `line`. Returns false, appending nothing, when `line` is not a JSON object.
  bool apply(std::string_view line, FieldSource& fields, std::optional<TimeUs> event_time, std::string& out);
  /// Whether an expression of the last apply() could not be evaluated (a regex hit one
  /// of PCRE2's limits): its member was written as null, and callers that can refuse
  /// the event as a bad line (as for --where) should.
  bool failed() const noexcept { return !error_.empty(); }
  /// Why, naming the flag and the field: `--set area: regex "…" hit PCRE2's match limit`.
  const std::string& error() const noexcept { return error_; }

 private:
  std::string flag_;
  std::string error_;
  std::vector<ComputedField> fields_;
  std::vector<FieldPath> paths_;  ///< the names, to see whether an event has them
  FieldTransform remove_existing_;
  std::string members_;
  std::string without_;
};

}  // namespace ss
