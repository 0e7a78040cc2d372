// A JSON object may hold a name twice (`{"user":"a","user":"b"}`: loggers that add a
// context field and a call-site field of the same name write such lines). RFC 8259
// leaves the meaning open; jq, JavaScript, Python and Miller take the last value, and so
// do the tools: ss-ingest writes the event with the name once, and every tool that
// reads fields by name finds the last.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

/// A set of names, told apart cheaply: each name sets one bit of a 64-bit mask by a hash
/// of its length and its first and last bytes, and only names whose bits meet are
/// compared in full. Up to kInline names need no allocation. Holds views: the names'
/// text must outlive the set's use.
class NameSet {
 public:
  /// False when `name` is in the set already; otherwise adds it.
  bool insert(std::string_view name) {
    const uint8_t bucket = bucket_of(name);
    const uint64_t bit = uint64_t{1} << bucket;
    if ((seen_ & bit) != 0 && !is_new(name, bucket)) return false;
    seen_ |= bit;
    if (count_ < kInline) {
      name_data_[count_] = name.data();
      name_size_[count_] = name.size();
      buckets_[count_] = bucket;
    } else {
      more_.push_back(name);
    }
    ++count_;
    return true;
  }
  void clear() noexcept {
    count_ = 0;
    seen_ = 0;
    more_.clear();
  }

 private:
  static uint8_t bucket_of(std::string_view name) noexcept {
    uint32_t h = static_cast<uint32_t>(name.size());
    if (!name.empty())
      h ^= (static_cast<uint32_t>(static_cast<unsigned char>(name[0])) << 8) ^
           (static_cast<uint32_t>(static_cast<unsigned char>(name.back())) << 16);
    return static_cast<uint8_t>((h * 0x9E3779B1u) >> 26);
  }
  /// Whether `name`, whose bucket is taken already, is new: compared in full.
  bool is_new(std::string_view name, uint8_t bucket) const;

  static constexpr size_t kInline = 32;
  // Left uninitialised: only the first count_ are read.
  const char* name_data_[kInline];
  size_t name_size_[kInline];
  uint8_t buckets_[kInline];
  std::vector<std::string_view> more_;  ///< past kInline names: rare
  size_t count_ = 0;
  uint64_t seen_ = 0;
};

/// A screen for lines with a repeated name, cheap enough to run on every line that
/// simdjson reads: names are found from the masks of the line's quotes and colons, 64
/// bytes at a time. A line that writes a name twice (in one object, or in two) or holds
/// a backslash anywhere (its strings do not end at the next quote, and its names may be
/// escaped) may repeat one, and is for find_repeated_names to decide. The rest cannot.
class RepeatedNameScreen {
 public:
  /// `line` must be followed by at least 64 readable bytes.
  bool may_repeat(std::string_view line);

 private:
  /// may_repeat() for a line (without backslashes) where white space follows a quote.
  bool may_repeat_spaced(std::string_view line);

  NameSet names_;
};

/// True when an object in `element`, at any depth, holds a name twice.
bool has_repeated_names(simdjson::dom::element element) noexcept;

/// What an On-Demand walk can tell of repeated names without unescaping them.
enum class RepeatedNames : uint8_t {
  none,       ///< no object holds a name twice
  some,       ///< an object holds a name twice, as written
  unsure,     ///< a name is written with an escape: append_without_repeats decides
  malformed,  ///< the walk met invalid JSON; the document must be iterated again
};

/// Walks `value` and everything in it. The On-Demand document is left at the end of
/// the value: rewind it before reading it again.
RepeatedNames find_repeated_names(simdjson::ondemand::value value) noexcept;

/// Appends the JSON value that starts at `json[begin]` (after any white space) with
/// each object's repeated names written once, where the name last stands, with its last
/// value; names are compared unescaped (`"\u0061"` is "a"). Objects and arrays are
/// written without white space between their members; other values as they were.
/// `json` must be valid JSON from `begin` on. True when a member was left out.
bool append_without_repeats(std::string& out, std::string_view json, size_t begin);

}  // namespace ss
