// Typed reading of snapshot records (and of the other JSON the tools write for
// themselves to read back: saved aggregates, --partial lines, --export models). Every
// mismatch throws ss::Error(state) with one message shape,
//   malformed <kind> record in <file>: <member> <problem>
// so restore code states what it expects and never writes a message of its own.
// simdjson stays behind this header: a value is a parsed DOM element held opaquely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "ss/time/timestamp.hpp"

namespace ss {

class SnapshotArray;
class SnapshotReader;

/// One JSON value of a parsed record: the record itself, a member, or an array item.
/// A view, valid until its parser parses the next record. Each value knows the record
/// kind, the file and the member it came from, which its errors name.
class SnapshotValue {
 public:
  SnapshotValue() = default;

  /// The record kind errors name ("window", "pane", ...).
  std::string_view kind() const { return kind_; }
  /// This value as a record of another kind (a record's members tell its kind).
  SnapshotValue with_kind(std::string_view kind) const;

  bool is_null() const;
  bool is_int64() const;  ///< an integer that fits int64
  bool is_string() const;
  bool is_array() const;
  bool is_object() const;

  /// This value as a type; anything else throws ss::Error(state).
  int64_t as_int64() const;
  uint64_t as_uint64() const;  ///< a non-negative integer
  double as_double() const;    ///< integers too, converted
  /// As as_double(), and null (how a non-finite double is written) reads as NaN.
  double as_double_or_nan() const;
  bool as_bool() const;
  TimeUs as_time() const { return as_int64(); }  ///< microseconds since the epoch
  std::string_view as_string() const;            ///< unescaped, valid as long as the value
  SnapshotArray as_array() const;
  SnapshotValue as_object() const;  ///< this value, checked to be an object
  /// The value as compact JSON text.
  std::string minified() const;

  /// Members of an object value (a value that is not an object throws). A missing
  /// member throws; the optional_ forms give nullopt for a missing or null member.
  bool has(std::string_view name) const;
  SnapshotValue operator[](std::string_view name) const;
  std::optional<SnapshotValue> find(std::string_view name) const;
  int64_t int64(std::string_view name) const { return (*this)[name].as_int64(); }
  uint64_t uint64(std::string_view name) const { return (*this)[name].as_uint64(); }
  double number(std::string_view name) const { return (*this)[name].as_double(); }
  bool boolean(std::string_view name) const { return (*this)[name].as_bool(); }
  TimeUs time(std::string_view name) const { return (*this)[name].as_time(); }
  std::string_view string(std::string_view name) const { return (*this)[name].as_string(); }
  SnapshotArray array(std::string_view name) const;
  SnapshotValue object(std::string_view name) const { return (*this)[name].as_object(); }
  std::optional<int64_t> optional_int64(std::string_view name) const;
  std::optional<TimeUs> optional_time(std::string_view name) const { return optional_int64(name); }
  std::optional<std::string_view> optional_string(std::string_view name) const;

  /// Throws ss::Error(state): `malformed <kind> record in <file>: <member> <problem>`,
  /// for checks beyond types (ranges, order, counts).
  [[noreturn]] void fail(std::string_view problem) const;

 private:
  friend class SnapshotRecordParser;
  friend class SnapshotRecords;
  friend class SnapshotArray;

  SnapshotValue child(std::string_view name) const;

  alignas(8) unsigned char element_[16] = {};  // a simdjson::dom::element
  const std::string* file_ = nullptr;
  std::string_view kind_;
  std::string_view member_;  // the record's member this value is or lies in; empty: the record
  std::string_view inner_;   // the innermost member name, when deeper than member_
};

/// The items of an array value, each a SnapshotValue naming the array's member.
class SnapshotArray {
 public:
  class iterator {
   public:
    SnapshotValue operator*() const;
    iterator& operator++();
    bool operator!=(const iterator& other) const;

   private:
    friend class SnapshotArray;
    alignas(8) unsigned char iter_[16] = {};  // a simdjson::dom::array::iterator
    const SnapshotValue* array_ = nullptr;
  };

  size_t size() const;
  iterator begin() const;
  iterator end() const;
  /// The item at `index`; throws naming the array when it is missing (linear in index).
  SnapshotValue at(size_t index) const;

 private:
  friend class SnapshotValue;
  explicit SnapshotArray(const SnapshotValue& value) : value_(value) {}
  SnapshotValue value_;  // the array itself
};

/// Parses records one at a time with one reused parser.
class SnapshotRecordParser {
 public:
  /// `file` is named in errors; empty for JSON that has no file (then " in <file>" is left out).
  explicit SnapshotRecordParser(std::string file = {});
  ~SnapshotRecordParser();
  SnapshotRecordParser(const SnapshotRecordParser&) = delete;
  SnapshotRecordParser& operator=(const SnapshotRecordParser&) = delete;

  /// Parses one JSON value as a record of `kind` (a string that outlives the result);
  /// invalid JSON throws ss::Error(state). The result is valid until the next parse().
  SnapshotValue parse(std::string_view json, std::string_view kind);
  const std::string& file() const { return file_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string file_;
};

/// The records of a SnapshotReader, parsed.
class SnapshotRecords {
 public:
  explicit SnapshotRecords(SnapshotReader& reader);

  /// The next record parsed as `kind`; false after the last one.
  bool next(std::string_view kind, SnapshotValue& record);
  /// The next record, which must be there: its absence throws ss::Error(state)
  /// (`malformed <kind> record in <file>: the record is missing`).
  SnapshotValue expect(std::string_view kind);

 private:
  SnapshotReader& reader_;
  SnapshotRecordParser parser_;
};

}  // namespace ss
