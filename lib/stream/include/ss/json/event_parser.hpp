// Parses one NDJSON line and hands out only the fields asked for. A flat object (the
// common event) is read in one pass by FlatObject; any other line by simdjson
// On-Demand, which reads only what is asked. The parser and its buffers are reused from
// line to line; values it returns borrow from them and stay valid until the next
// parse().
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "ss/json/field_source.hpp"
#include "ss/json/flat_object.hpp"
#include "ss/json/repeated_names.hpp"

namespace ss {

enum class ParseOutcome { ok, not_json, not_object };

/// Which lines EventParser offers to FlatObject's scan before simdjson:
/// - `adaptive` (the tools): every line, until kRefusalsBeforeBackOff lines in a row are
///   refused; then one line in kRetryInterval, until one is accepted. A refused line
///   costs its scan on top of simdjson's parse (19% more instructions where a nested
///   value ends every line), and the lines of one input are alike;
/// - `scanned`: every line, for tests that compare the scan with simdjson;
/// - `through_simdjson`: none; the oracle those tests compare with.
enum class FlatObjects : uint8_t { adaptive, scanned, through_simdjson };

class EventParser final : public FieldSource {
 public:
  explicit EventParser(FlatObjects flat = FlatObjects::adaptive);

  static constexpr uint32_t kRefusalsBeforeBackOff = 16;
  static constexpr uint32_t kRetryInterval = 128;

  /// Parses `line`, whose bytes must be followed by `padding` readable bytes; with
  /// fewer than SIMDJSON_PADDING the line is copied into an internal padded buffer.
  ParseOutcome parse(std::string_view line, size_t padding = 0);

  /// The value at `path`; type `missing` when absent. Values from several calls stay
  /// valid together until the next parse(). Throws nothing: a value that
  /// turns out to be malformed JSON is reported as `missing` and sets malformed().
  FieldValue get(const FieldPath& path) override;
  void get(const FieldPath& path, FieldValue& out) override;

  /// True once a lookup ran into invalid JSON in the current line: the owner of the
  /// parser refuses the line (users of FieldSource see only `missing` values).
  bool malformed() const { return malformed_; }

  /// Reads the whole line once more, checking that it is valid JSON throughout (what
  /// follows the root value included). A DOM parse in place of the padded line: about
  /// as costly as the parse itself. Integers beyond 64 bits are valid.
  bool validate();

  std::string_view line() const { return line_; }

  /// Whether FlatObject read the current line (simdjson has not, unless asked for a
  /// value the scan leaves to it).
  bool read_flat() const { return read_flat_; }

 private:
  /// The `adaptive` mode's decision, kept in one place: whether to offer a line to the
  /// scan, from what the scan made of the lines offered before.
  class ScanBackOff {
   public:
    /// Whether to offer the next line; once backed off, true for one line in kRetryInterval.
    bool offer() noexcept {
      if (refusals_ < kRefusalsBeforeBackOff) return true;
      if (++lines_not_offered_ < kRetryInterval) return false;
      lines_not_offered_ = 0;
      return true;
    }
    void accepted() noexcept { refusals_ = 0; }
    void refused() noexcept {
      if (refusals_ < kRefusalsBeforeBackOff) ++refusals_;
    }

   private:
    uint32_t refusals_ = 0;           ///< lines refused in a row, up to kRefusalsBeforeBackOff
    uint32_t lines_not_offered_ = 0;  ///< since the last offer, while backed off
  };

  /// simdjson's document for the current line, built on first need for a flat line.
  /// False, with malformed() set, when simdjson refuses the line.
  bool open_document();
  /// Once a line: when an object of it holds a name twice, iterates `doc_` over the
  /// line written with each name once (its last value), so that every lookup finds the
  /// last value, as the flat scan's does. False, with malformed() set, on invalid JSON.
  bool settle_repeated_names();
  /// Whether to offer the current line to the scan (see FlatObjects).
  bool offer_to_scan();
  /// Reads a flat member into `out`; false for a number whose reading is left to
  /// simdjson (`-0`, integers beyond 18 digits, zeros, subnormals, numbers out of
  /// range), which the caller then looks up through simdjson.
  static bool convert_flat(const FlatObject::Member& member, FieldValue& out);
  /// Reads `value` into `out` (type missing and malformed() set when it is bad JSON).
  void convert(simdjson::ondemand::value& value, FieldValue& out);
  static bool valid_json(std::string_view text);
  /// True when `value` and everything in it is valid JSON (integers of any size).
  static bool walk_valid(simdjson::ondemand::value value);
  /// get() for a line whose field names may hold escapes (`"us\u0065r"`), which
  /// simdjson's lookups compare as written: walks `path` comparing unescaped names.
  void get_by_unescaped_names(const FieldPath& path, FieldValue& out);
  /// Whether a member name of the line is written with an escape; worked out at the
  /// first lookup that misses, once per line.
  bool has_escaped_name();

  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document doc_;
  simdjson::dom::parser validator_;  ///< for validate(); its buffers grow with the longest line
  const char* data_ = nullptr;       ///< the line, padded (in place, in padded_ or rewritten in without_repeats_)
  size_t size_ = 0;                  ///< bytes of the text at data_
  size_t capacity_ = 0;              ///< readable bytes at data_
  FlatObjects flat_objects_;
  FlatObject flat_;
  bool read_flat_ = false;      ///< flat_ holds the current line
  ScanBackOff back_off_;        ///< used in the `adaptive` mode only
  bool document_open_ = false;  ///< doc_ holds the current line
  std::string padded_;
  bool repeats_settled_ = false;       ///< the screen ran for the current line
  RepeatedNameScreen screen_;          ///< decides whether a line needs settle_repeated_names()
  std::string without_repeats_;        ///< the current line with each name once, padded, when it had repeats
  std::deque<std::string> unescaped_;  ///< strings with escapes read from this line; stable addresses
  std::string_view line_;
  bool malformed_ = false;
  enum class Tristate : uint8_t { unknown, no, yes };
  Tristate escaped_name_ = Tristate::unknown;  ///< for has_escaped_name()
};

}  // namespace ss
