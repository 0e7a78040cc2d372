// Turns the --key fields of an event into one canonical key: the JSON text of each
// value (strings re-escaped, numbers as written, missing as null) joined by \x1f, a
// byte that JSON text never holds unescaped. Equal keys have equal bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/json/field_source.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

inline constexpr char kKeySeparator = '\x1f';

class KeyExtractor {
 public:
  KeyExtractor() = default;
  explicit KeyExtractor(std::vector<FieldPath> fields);

  bool empty() const { return fields_.empty(); }
  const std::vector<FieldPath>& fields() const { return fields_; }

  /// Writes the canonical key of the event into `out` (replacing its content).
  void extract(FieldSource& event, std::string& out) const;

  /// The bytes that --shard hashes: for a single string field its raw UTF-8 (as
  /// Kafka's StringSerializer would send it), otherwise the canonical key.
  std::string_view shard_bytes(std::string_view canonical_key, std::string& scratch) const;

  /// Appends `"field":value` members for a canonical key to an object being written.
  void write_members(std::string_view canonical_key, JsonObjectWriter& out) const;

  /// The fields as `a,b.c`, for snapshot parameters and messages.
  std::string describe() const;

 private:
  std::vector<FieldPath> fields_;
  std::vector<std::string> member_keys_;  ///< each field's output name as a JSON member key
};

}  // namespace ss
