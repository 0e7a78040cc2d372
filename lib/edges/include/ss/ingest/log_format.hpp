// A server's own access-log format line (Apache's LogFormat, nginx's log_format),
// compiled once into steps that read a line without a regex: literal text to match, and
// fields that each know where they end and what type their value has.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ss {

/// Which server's directives a format line uses: Apache mod_log_config's `%h %>s
/// %{Referer}i`, or nginx's `$remote_addr ${status}`.
enum class LogFormatDialect { apache, nginx };

/// How a field's text becomes JSON.
enum class LogValueType {
  text,       ///< a JSON string as written
  escaped,    ///< a JSON string, with Apache's `\"` and `\\` read as `"` and `\`
  integer,    ///< digits, written as a JSON number
  decimal,    ///< `12` or `0.125`, written as a JSON number
  client,     ///< an address, or a list of them (`a, b`): `client` and `client_list`
  user,       ///< a user name: may hold spaces, but `- x` is a token too many
  request,    ///< `METHOD PATH HTTP/x` as method, path and protocol, else `request`
  time,       ///< the event time: written as `ts`, first
  time_list,  ///< nginx's upstream times, `0.010, 0.002 : 0.001`: their sum, and the list
  text_list,  ///< nginx's other upstream lists (`$upstream_addr`): a JSON string as written
};

/// One step of a compiled format: literal text, or a field.
struct LogFormatStep {
  bool literal = false;
  std::string text;  ///< literal: the text to match
  // A field:
  std::string name;       ///< the output member (for a time field: the member of the list)
  std::string directive;  ///< as written in the format, for messages (`%>s`, `$status`)
  LogValueType type = LogValueType::text;
  bool quoted = false;     ///< between double quotes in the format: read up to the closing quote
  std::string terminator;  ///< unquoted: the literal text that ends it; empty: the end of the line
  /// time: the TimeFormat spec of its text (`clf`, `rfc3339`, `epoch_s`, a pattern).
  std::string time_spec;
  /// Prebuilt text for a line that does not fit this step: `expected …`.
  std::string expectation;
  /// quoted: the text for a closing quote that is missing.
  std::string unclosed;
};

/// A compiled format line. The literal text around quoted fields drops the quotes, which
/// belong to the field (so a quoted field may also be a bare `-`, as servers write an
/// empty header); a literal's neighbouring literals are merged.
class LogFormat {
 public:
  /// Compiles `format`. Throws ss::Error(usage) naming an unknown or unsupported
  /// directive, two fields with the same output name, two fields with nothing between
  /// them, a format with no time or with two.
  LogFormat(LogFormatDialect dialect, std::string_view format);

  const std::vector<LogFormatStep>& steps() const noexcept { return steps_; }
  /// How many steps are fields.
  size_t field_count() const noexcept { return field_count_; }
  /// The index in steps() of the time field.
  size_t time_step() const noexcept { return time_step_; }
  LogFormatDialect dialect() const noexcept { return dialect_; }

 private:
  void add_literal(std::string_view text);
  void add_field(LogFormatStep field);
  void finish();

  LogFormatDialect dialect_;
  std::vector<LogFormatStep> steps_;
  size_t field_count_ = 0;
  size_t time_step_ = 0;
};

}  // namespace ss
