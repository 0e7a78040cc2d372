// One pass over a line that is a flat JSON object: members whose values are strings,
// numbers, true, false or null. Most events are such objects, and for them simdjson's
// stage 1 (a structural index of the whole line) and a lookup walk per field cost more
// than reading the line once: EventParser reads them here and gives every other line to
// simdjson.
//
// The scan says yes only for certain. It accepts a subset of JSON: ASCII strings without
// escapes, no nested values, the number grammar of RFC 8259. A line it refuses may
// still be valid JSON (`"caf\u00e9"`, `{"a":{}}`): it goes to simdjson, which decides,
// so that every line is judged and read as without the scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ss {

class FlatObject {
 public:
  /// integer: digits only, at most 18 of them, not `-0` (int64 holds it exactly);
  /// other_integer: digits only, the rest; number: with a fraction or an exponent.
  enum class Kind : uint8_t { string, integer, other_integer, number, true_value, false_value, null };

  struct Member {
    std::string_view name;   ///< as written: the scan accepts no escapes
    std::string_view value;  ///< strings: the bytes between the quotes; others: the token
    Kind kind = Kind::null;
  };

  /// An object with more members is not an event of the common kind: simdjson reads
  /// it, and the scan's member list stays small.
  static constexpr size_t kMaxMembers = 1024;

  /// Reads `line`, whose bytes must be followed by at least 64 readable bytes (the
  /// line's quotes are marked 64 bytes at a time). True when the line is one flat object of the
  /// subset, of at most kMaxMembers members, with nothing but JSON whitespace before
  /// or after it.
  bool scan(std::string_view line);

  /// The last member named `name`, or nullptr: of a name given twice the last value
  /// counts, as in jq (see repeated_names.hpp).
  const Member* find(std::string_view name) const noexcept {
    for (size_t i = count_; i-- > 0;)
      if (same_name(members_[i].name, name)) return &members_[i];
    return nullptr;
  }

  size_t size() const noexcept { return count_; }
  const Member& operator[](size_t i) const noexcept { return members_[i]; }

 private:
  /// Names are short, and most that differ differ in their first byte: compared here
  /// rather than by a call to memcmp, which cost more than the compare.
  static bool same_name(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i]) return false;
    return true;
  }

  /// The member loop, with string ends found by `StringEnds` (see flat_object.cpp).
  template <class StringEnds>
  bool scan_members(const char* p, size_t n, StringEnds& string_ends);

  std::vector<Member> members_;         ///< grows, never shrinks: no allocation a line once warm
  std::vector<uint64_t> quote_blocks_;  ///< the line's quotes, a bit a byte; grows the same way
  size_t count_ = 0;                    ///< members of the current line
};

}  // namespace ss
