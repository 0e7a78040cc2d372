// Parses one NDJSON line with simdjson On-Demand and hands out only the fields asked
// for. The parser and its buffers are reused from line to line; values it returns
// borrow from them and stay valid until the next parse().
//
// A tool asks every event for the same few top-level fields (time, key, values), and
// looking each up on its own walks the object from the start again. So the parser
// learns the top-level names asked for and, from the next line on, reads them all in
// one walk when the line is parsed, stopping at the last of them.
#pragma once

#include <simdjson.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "ss/json/field_source.hpp"

namespace ss {

enum class ParseOutcome { ok, not_json, not_object };

class EventParser final : public FieldSource {
 public:
  EventParser();

  /// Parses `line`, whose bytes must be followed by `padding` readable bytes; with
  /// fewer than SIMDJSON_PADDING the line is copied into an internal padded buffer.
  ParseOutcome parse(std::string_view line, size_t padding = 0);

  /// The value at `path`; type `missing` when absent. Values from several calls stay
  /// valid together until the next parse(). Throws nothing: a value that
  /// turns out to be malformed JSON is reported as `missing` and sets malformed().
  FieldValue get(const FieldPath& path) override;

  /// True once a lookup ran into invalid JSON in the current line.
  bool malformed() const { return malformed_; }

  /// Reads the whole line once more, checking that it is valid JSON throughout.
  bool validate();

  std::string_view line() const { return line_; }

 private:
  /// A top-level field read by the walk at parse().
  struct Prefetched {
    enum class State { unread, found, absent };
    std::string name;
    State state = State::unread;
    FieldValue value;
  };
  static constexpr size_t kMaxPrefetched = 8;

  FieldValue convert(simdjson::ondemand::value value);
  static bool valid_json(std::string_view text);
  /// The walk that fills prefetched_ for the line just parsed.
  void prefetch(const char* data, size_t capacity);
  /// The single-segment lookup (after the prefetched ones), found by a walk of its own.
  FieldValue lookup(const FieldPath& path);

  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document doc_;
  std::string padded_;
  std::deque<std::string> unescaped_;  ///< strings with escapes read from this line; stable addresses
  std::string_view line_;
  bool malformed_ = false;
  std::vector<Prefetched> prefetched_;  ///< names learned from get(), at most kMaxPrefetched
};

}  // namespace ss
