// A compiled expression of the language every tool shares for --where, --set,
// --start-when/--end-when, countif/sumif and --id-expr (grammar and NULL rules in
// man/ss-expr.7). Compiled once at start-up into a tree of typed nodes; evaluating it
// on an event reads only the fields it names. No test measures its allocations.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/expr/expr_value.hpp"
#include "ss/json/field_source.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

namespace expr {
class Node;

/// An evaluation that could not be completed (a regex that hit one of PCRE2's limits):
/// its value is NULL, and the event should be treated as bad rather than as not
/// matching. Set by the node that failed, cleared by Expression::evaluate().
struct EvalStatus {
  bool failed = false;
  std::string message;  ///< why, e.g. `regex "(.*a){25}" hit PCRE2's match limit`
};
}  // namespace expr

/// What an expression reads while it runs: the event's fields and, when the tool knows
/// it, the event time (event_time() is null without one).
struct ExprInput {
  FieldSource& event;
  std::optional<TimeUs> event_time;
};

class Expression {
 public:
  /// Compiles `text`. Throws ss::Error(usage) that names `flag` and the column:
  /// `--where: column 9: expected a value after '==', found end of expression`.
  static Expression compile(std::string_view text, std::string_view flag);

  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  /// The value for one event. Strings in it stay valid until the next evaluation or
  /// the next event parse. When the evaluation fails (failed()), the value is NULL.
  ExprValue evaluate(const ExprInput& input);

  /// True only when the expression is boolean true for the event: false and NULL both
  /// reject it, as SQL's WHERE does, and so does a failed evaluation (check failed()
  /// when this returns false to tell a bad event from one that does not match).
  bool matches(const ExprInput& input) { return evaluate(input).is_true() && !status_->failed; }

  /// Whether the last evaluation failed: the event cannot be judged, and is a bad line
  /// with error() as its reason.
  bool failed() const noexcept { return status_->failed; }
  /// Why the last evaluation failed; valid until the next evaluation.
  const std::string& error() const noexcept { return status_->message; }

  /// The type every evaluation returns, when the expression fixes it (`a > 1` is
  /// boolean, `lower(a)` a string); nullopt when it depends on the data (a bare field).
  std::optional<ExprType> static_type() const noexcept;

  /// Fully parenthesised form with keywords in lower case: equal for expressions that
  /// parse the same, so snapshots can compare it as a semantic parameter.
  const std::string& canonical() const noexcept { return canonical_; }
  const std::string& text() const noexcept { return text_; }
  /// Whether evaluation may read ExprInput::event_time, so callers can skip working
  /// the time out when it does not.
  bool reads_event_time() const noexcept { return reads_event_time_; }
  /// The fields the expression names, each once, in order of first mention (so that
  /// a run can say when one of them never appeared: a misspelt name).
  const std::vector<FieldPath>& fields() const noexcept { return fields_; }

 private:
  Expression(std::string text, std::unique_ptr<expr::Node> root, std::unique_ptr<expr::EvalStatus> status,
             std::vector<FieldPath> fields);

  std::string text_;
  std::string canonical_;
  bool reads_event_time_ = false;
  std::vector<FieldPath> fields_;
  std::unique_ptr<expr::Node> root_;
  std::unique_ptr<expr::EvalStatus> status_;  ///< on the heap: nodes keep its address across moves
};

/// Compiles a condition for `flag` (--where, --start-when): as compile(), and a usage
/// error when the expression can never be boolean (`--where 'lower(path)'`).
Expression compile_condition(std::string_view text, std::string_view flag);

/// One `--set name=EXPR`: a top-level member computed for each event.
struct ComputedField {
  std::string name;
  Expression value;
};

/// Parses `name=EXPR` (the first `=` that is not part of `==` ends the name).
/// Throws ss::Error(usage) naming `flag` when the name is empty or the expression bad.
ComputedField parse_computed_field(std::string_view text, std::string_view flag);

}  // namespace ss
