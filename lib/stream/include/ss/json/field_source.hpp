// Where operators, expressions, keys and aggregates read an event's fields from: the
// On-Demand EventParser that every tool's run loop uses, or a document that a parser
// built already (ss-ingest's json format validates each line with a DOM parse, so a
// --where there reads that tree instead of parsing the event a second time). Only
// lookups by path that return values: no parser's types, so that a source holding
// values extracted ahead of time (by another thread, say) can serve them as well.
//
// A lookup never fails. When a source finds the event to be invalid JSON it answers
// `missing`, and whoever owns the source (the run loop) refuses the event before an
// operator acts on what it read.
#pragma once

#include "ss/json/field_path.hpp"
#include "ss/json/field_value.hpp"

namespace ss {

class FieldSource {
 public:
  /// The value at `path`; type `missing` when absent. Values from several calls stay
  /// valid together until the source moves to the next event.
  virtual FieldValue get(const FieldPath& path) = 0;
  /// get() written into `out`, for a caller that keeps the value in place (AggInputs):
  /// assigning get()'s result copies the value while its stores are still in flight.
  virtual void get(const FieldPath& path, FieldValue& out) { out = get(path); }

  /// True, with the value in `out`, when the value at `path` is a number; false when
  /// it is missing or of another type (get() then tells which). A comparison with a
  /// number needs nothing more, so a source may skip what get() also prepares.
  virtual bool get_number(const FieldPath& path, double& out) {
    const FieldValue value = get(path);
    if (value.type != ValueType::number) return false;
    out = value.number;
    return true;
  }

 protected:
  ~FieldSource() = default;
};

}  // namespace ss
