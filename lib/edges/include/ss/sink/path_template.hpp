// The path template of `--to file:TEMPLATE`: strftime conversions (%Y, %m, %d, %H, ...)
// filled from a record's time in UTC, and {field} placeholders filled from its fields,
// e.g. `out/dt=%Y-%m-%d/hour=%H/part.ndjson.zst`. The last component names the parts:
// its stem (`part`), extension (`.ndjson`) and a `.zst` suffix that asks for zstd.
//
// Part files are named `<stem>-<checkpoint>-<k><ext>` (k counts the parts of one path
// within one checkpoint from 0), and written first as `.<stem>-<k><ext>.inprogress`
// in the same directory. Expanded values never contain `/`, so a record can only
// place its part inside the template's directory tree.
#pragma once

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/json/field_value.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

/// A file found under the template's tree that the sink wrote.
struct TemplateOutput {
  std::string path;
  bool in_progress = false;
  uint64_t checkpoint = 0;  ///< parts only
};

class PathTemplate {
 public:
  /// Throws ss::Error(usage) for an empty template, one that ends in `/`, an unknown
  /// conversion, or an unclosed `{`. `{{` and `}}` are literal braces, `%%` a percent.
  explicit PathTemplate(std::string_view text);

  bool uses_time() const { return uses_time_; }
  /// The fields of the {field} placeholders, in the order expand() takes them.
  const std::vector<FieldPath>& fields() const { return fields_; }
  bool compressed() const { return compressed_; }
  /// `.ndjson` or `.ndjson.zst`: what follows `-<checkpoint>-<k>` in part names.
  const std::string& suffix() const { return suffix_; }

  /// Fills `dir` (empty for the current directory) and `stem` for a record with time
  /// `time` (ignored unless uses_time()) and the values of fields(), in that order.
  /// Missing and null values expand to `null`; `/` and control characters in values
  /// become `_`; a component that would be empty, `.` or `..` gets a `_` prefix.
  void expand(TimeUs time, const std::vector<FieldValue>& values, std::string& dir, std::string& stem);

  /// The directory of the template's leading literal components ("" for the current
  /// directory): every part lies below it.
  std::string literal_root() const;
  /// The template's last component as written (`{user}.ndjson.zst`).
  std::string last_component() const;

  /// `<stem>-<checkpoint>-<k><suffix>` and `.<stem>-<k><suffix>.inprogress`.
  std::string part_name(std::string_view stem, uint64_t checkpoint, uint64_t k) const;
  std::string in_progress_name(std::string_view stem, uint64_t k) const;

  /// Every part and in-progress file under the template's tree (directories that
  /// match the template, files whose names match the part patterns).
  std::vector<TemplateOutput> existing_outputs() const;

 private:
  struct Piece {
    enum class Kind { literal, time, field } kind;
    std::string text;  ///< literal text or strftime conversion (`%Y`)
    size_t index = 0;  ///< field: into fields_; time: into time_texts_
  };
  using Component = std::vector<Piece>;

  void expand_component(const Component& component, std::string& out);
  static std::string component_pattern(const Component& component);
  void walk(const std::string& dir, size_t depth, std::vector<TemplateOutput>& found) const;

  std::string text_;
  std::string base_;             ///< "/" for absolute templates, else ""
  std::vector<Component> dirs_;  ///< directory components
  Component stem_;               ///< the last component without suffix_
  std::string suffix_;
  bool compressed_ = false;
  bool uses_time_ = false;
  std::vector<FieldPath> fields_;
  std::vector<std::optional<std::regex>> dir_patterns_;  ///< nullopt: a literal component
  std::regex part_pattern_;
  std::regex in_progress_pattern_;

  // Expansion cache: the strftime texts of the last second seen.
  std::vector<std::string> time_texts_;
  int64_t cached_second_ = INT64_MIN;
  const std::vector<FieldValue>* values_ = nullptr;
};

}  // namespace ss
