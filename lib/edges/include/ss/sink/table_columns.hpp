// The columns a table destination (SQLite, PostgreSQL) writes, learned from the
// records: each field seen becomes a column, typed by its first non-null value through
// the destination's own type names; the destination marks which columns its table
// holds. Names are matched ignoring ASCII case (SQLite's rule, kept for PostgreSQL so
// that the two destinations make the same columns of the same records), so fields
// that differ only in case share a column.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ss/json/field_value.hpp"

namespace ss {

/// The declared type of a column for a value (never called with null or missing).
using ColumnTypeOf = const char* (*)(const FieldValue& value);

class TableColumns {
 public:
  struct Column {
    std::string name;
    std::string type;  ///< declared type; empty while unknown
    bool in_table = false;
    bool in_records = false;  ///< a record had this field (columns only in the table are left alone)
    int parameter = 0;        ///< 1-based position in the destination's insert, 0 = not in it
  };

  explicit TableColumns(ColumnTypeOf type_of) : type_of_(type_of) {}

  /// The index of the field's column, registering a field seen for the first time.
  size_t column(std::string_view field) {
    const size_t index = add(field);
    columns_[index].in_records = true;
    return index;
  }
  /// Registers `name` (a column of the table, or the id) without marking it as a field.
  size_t add(std::string_view name);
  /// Gives a column without a type the type of `value` (when not null).
  void observe(size_t column, const FieldValue& value) {
    if (columns_[column].type.empty() && value.present()) columns_[column].type = type_of_(value);
  }
  /// Whether `field` has a column (without registering it).
  bool knows(std::string_view field);
  /// The index of a registered name; SIZE_MAX when unknown.
  size_t find(std::string_view name);
  /// Takes back the columns registered after the first `count`: a record that turned
  /// out unusable leaves no column behind.
  void forget_from(size_t count);
  /// The fewest columns held since the last call: columns from this index on may have
  /// been forgotten and registered again under other names.
  size_t take_unchanged_prefix() {
    const size_t n = unchanged_;
    unchanged_ = columns_.size();
    return n;
  }
  void clear() {
    columns_.clear();
    by_name_.clear();
    unchanged_ = 0;
  }

  size_t size() const { return columns_.size(); }
  Column& operator[](size_t i) { return columns_[i]; }
  const Column& operator[](size_t i) const { return columns_[i]; }
  std::vector<Column>::iterator begin() { return columns_.begin(); }
  std::vector<Column>::iterator end() { return columns_.end(); }

  /// The type of a value under the SQLite destination's rule: integers and booleans
  /// INTEGER, other numbers REAL, strings TEXT, objects and arrays TEXT holding JSON.
  /// Numbers are told apart by their text: an integer too large for int64 is still
  /// written without fraction or exponent.
  static bool is_integer_number(const FieldValue& value) {
    return value.is_integer || value.text.find_first_of(".eE") == std::string_view::npos;
  }

 private:
  void lowercase_lookup(std::string_view name);

  ColumnTypeOf type_of_;
  std::vector<Column> columns_;
  std::unordered_map<std::string, size_t> by_name_;  ///< ASCII-lowercased name → column
  std::string lookup_;
  size_t unchanged_ = 0;
};

}  // namespace ss
