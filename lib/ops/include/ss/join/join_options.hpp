// Settings of ss-join, filled from its flags (add_join_flags) and fixed for the life of
// the operator: the table, the join key, the fields added and the join type.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <optional>
#include <string>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/op/stream_options.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

enum class JoinType { inner, left, right, full };

/// One part of the join key: the event's field and the table's field it must equal.
struct JoinKeyField {
  FieldPath stream;
  FieldPath table;
};

/// What a table file is and which of its fields are added to events.
struct TableSpec {
  std::string path;
  std::vector<JoinKeyField> on;
  std::vector<FieldPath> select;        ///< empty: every field except the key and --valid-from
  std::string prefix;                   ///< put before each added field's name
  std::optional<FieldPath> valid_from;  ///< versioned table: the field each row is valid from
  TimeUnit time_unit = TimeUnit::automatic;
};

/// Stream-stream interval join (--right): pairs with right time − left time in
/// [lower, upper], both ends included.
struct IntervalSpec {
  std::string right_path;
  FieldPath right_time_field{"ts"};
  TimeUs lower = 0;
  TimeUs upper = 0;
};

struct JoinOptions {
  StreamOptions stream;
  TableSpec table;  ///< with --right: `on`, `select` and `prefix` apply to the right stream
  std::optional<IntervalSpec> interval;
  JoinType type = JoinType::left;
  bool reload = false;
  std::vector<std::string> set;  ///< --set name=EXPR, computed on each output row
};

/// Flag text kept until finish_join_options() converts it.
struct JoinFlagText {
  StreamFlagText stream;
  std::vector<std::string> on;
  std::string select;
  std::string type = "left";
  std::string valid_from;
  std::string right;
  std::string prefix = kUnsetPrefix;
  std::string right_time_field;
  std::string within;
  std::string between;

  /// --prefix not given: the table join adds no prefix, the stream join `right_`.
  static constexpr const char* kUnsetPrefix = "\x1f";
};

/// Registers every ss-join flag on `app` (tests parse argv with it).
void add_join_flags(CLI::App& app, JoinOptions& options, JoinFlagText& text);
/// Converts and checks the flag text; throws ss::Error(usage) naming the flag.
void finish_join_options(const JoinFlagText& text, JoinOptions& options);

/// Parses --on values: `user`, `user=id`, `a,b=c` (each may be a list); throws
/// ss::Error(usage) for an empty list or an empty side.
std::vector<JoinKeyField> parse_join_keys(const std::vector<std::string>& values);

}  // namespace ss
