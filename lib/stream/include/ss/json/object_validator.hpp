// A quick check that a line is exactly one JSON object, for destinations that write
// a record as its line and look at nothing else in it (NDJSON to files or stdout).
// simdjson's DOM parser validates such lines in less than half the CPU time of
// RecordFields, which visits every value through On-Demand to extract it
// (bench/HISTORY.md, ss-sink). The check only ever says yes for certain: a line it does
// not accept goes through RecordFields::parse, which decides and names the reason, so
// every line is judged exactly as without the check.
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <string_view>

namespace ss {

enum class ObjectCheck {
  valid_object,      ///< the line is one JSON object, nothing before or after but spaces
  needs_full_parse,  ///< not known: parse it with RecordFields to tell
};

class ObjectValidator {
 public:
  /// Lines up to this size are checked; longer ones need the full parse (the parser's
  /// memory grows with the longest line it has seen).
  static constexpr size_t kMaxCheckedBytes = 1u << 20;

  ObjectValidator();

  /// `line` must be followed by `padding` readable bytes; with fewer than
  /// SIMDJSON_PADDING the answer is needs_full_parse.
  ObjectCheck check(std::string_view line, size_t padding);

 private:
  simdjson::dom::parser parser_;
};

}  // namespace ss
