// Operators of the expression language. NULL rules (SQL's): an operator with a NULL
// operand gives NULL, `and`/`or` follow three-valued logic, and a condition is met
// only when it is true.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cmath>

#include "compiled_regex.hpp"
#include "node.hpp"
#include "ss/expr/pcre2_failure.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/time/duration.hpp"

namespace ss::expr {

namespace {

bool plain_identifier(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == '$';
    const bool digit = c >= '0' && c <= '9';
    if (!(letter || (i > 0 && digit))) return false;
  }
  return true;
}

/// The three-valued truth of a value: true, false or unknown (nullopt) for NULL and
/// for anything that is not a boolean.
std::optional<bool> truth(const ExprValue& v) noexcept {
  if (v.type != ExprType::boolean) return std::nullopt;
  return v.boolean;
}

/// Times and durations are int64 microseconds: a sum or difference beyond their range
/// is NULL, as any other value with no meaning is.
ExprValue time_sum(ExprType type, TimeUs a, TimeUs b, bool subtract) noexcept {
  TimeUs r = 0;
  if (subtract ? __builtin_sub_overflow(a, b, &r) : __builtin_add_overflow(a, b, &r)) return ExprValue::null();
  return type == ExprType::time ? ExprValue::of_time(r) : ExprValue::of_duration(r);
}

/// A duration scaled by a number, rounded to the microsecond; NULL beyond the range.
ExprValue scaled_duration(double micros) noexcept {
  // 2^63 is the first double beyond int64; NaN fails both comparisons.
  if (!(micros > -9223372036854775808.0 && micros < 9223372036854775808.0)) return ExprValue::null();
  return ExprValue::of_duration(std::llround(micros));
}

ExprValue arithmetic(BinaryOp op, const ExprValue& a, const ExprValue& b, std::string& scratch) {
  if (a.is_null() || b.is_null()) return ExprValue::null();
  const ExprType ta = a.type;
  const ExprType tb = b.type;
  // Times and durations first: `ts + 5m` where ts is an RFC 3339 string field.
  if (ta == ExprType::duration && tb == ExprType::duration) {
    switch (op) {
      case BinaryOp::add: return time_sum(ExprType::duration, a.micros, b.micros, false);
      case BinaryOp::sub: return time_sum(ExprType::duration, a.micros, b.micros, true);
      case BinaryOp::div:
        if (b.micros == 0) return ExprValue::null();
        return ExprValue::of_number(static_cast<double>(a.micros) / static_cast<double>(b.micros));
      default: return ExprValue::null();
    }
  }
  if (tb == ExprType::duration && (op == BinaryOp::add || op == BinaryOp::sub)) {
    const auto t = as_time(a);
    if (!t) return ExprValue::null();
    return time_sum(ExprType::time, *t, b.micros, op == BinaryOp::sub);
  }
  if (ta == ExprType::duration && op == BinaryOp::add) {
    const auto t = as_time(b);
    return t ? time_sum(ExprType::time, *t, a.micros, false) : ExprValue::null();
  }
  if (ta == ExprType::duration || tb == ExprType::duration) {
    const ExprValue& d = ta == ExprType::duration ? a : b;
    const auto n = as_number(ta == ExprType::duration ? b : a);
    if (!n) return ExprValue::null();
    if (op == BinaryOp::mul) return scaled_duration(static_cast<double>(d.micros) * *n);
    if (op == BinaryOp::div && ta == ExprType::duration && *n != 0)
      return scaled_duration(static_cast<double>(d.micros) / *n);
    return ExprValue::null();
  }
  if (op == BinaryOp::sub && (ta == ExprType::time || tb == ExprType::time)) {
    const auto x = as_time(a);
    const auto y = as_time(b);
    if (!x || !y) return ExprValue::null();
    return time_sum(ExprType::duration, *x, *y, true);
  }
  if (op == BinaryOp::add && ta == ExprType::string && tb == ExprType::string) {
    scratch.assign(a.text);
    scratch.append(b.text);
    return ExprValue::of_string(scratch);
  }
  const auto x = as_number(a);
  const auto y = as_number(b);
  if (!x || !y) return ExprValue::null();
  switch (op) {
    case BinaryOp::add: return ExprValue::of_number(*x + *y);
    case BinaryOp::sub: return ExprValue::of_number(*x - *y);
    case BinaryOp::mul: return ExprValue::of_number(*x * *y);
    case BinaryOp::div: return *y == 0 ? ExprValue::null() : ExprValue::of_number(*x / *y);
    case BinaryOp::mod: return *y == 0 ? ExprValue::null() : ExprValue::of_number(std::fmod(*x, *y));
    default: return ExprValue::null();
  }
}

bool is_comparison(BinaryOp op) noexcept {
  return op == BinaryOp::eq || op == BinaryOp::ne || op == BinaryOp::lt || op == BinaryOp::le || op == BinaryOp::gt ||
         op == BinaryOp::ge;
}

/// `op` applied to the three-way result `c`.
ExprValue compared(BinaryOp op, int c) noexcept {
  switch (op) {
    case BinaryOp::lt: return ExprValue::of_bool(c < 0);
    case BinaryOp::le: return ExprValue::of_bool(c <= 0);
    case BinaryOp::gt: return ExprValue::of_bool(c > 0);
    case BinaryOp::ge: return ExprValue::of_bool(c >= 0);
    case BinaryOp::eq: return ExprValue::of_bool(c == 0);
    case BinaryOp::ne: return ExprValue::of_bool(c != 0);
    default: return ExprValue::null();
  }
}

/// Two numbers compared in the order compare_values gives them (NaN equal to all).
ExprValue compare_numbers(BinaryOp op, double a, double b) noexcept {
  return compared(op, a < b ? -1 : (b < a ? 1 : 0));
}

ExprValue comparison(BinaryOp op, const ExprValue& a, const ExprValue& b) noexcept {
  // The common filter (`status >= 500`) without the general rules' conversions.
  if (a.type == ExprType::number && b.type == ExprType::number) return compare_numbers(op, a.number, b.number);
  if (a.is_null() || b.is_null()) return ExprValue::null();
  if (op == BinaryOp::eq) return ExprValue::of_bool(values_equal(a, b));
  if (op == BinaryOp::ne) return ExprValue::of_bool(!values_equal(a, b));
  const auto c = compare_values(a, b);
  return c ? compared(op, *c) : ExprValue::null();
}

std::optional<ExprType> arithmetic_type(BinaryOp op, const Node& l, const Node& r) noexcept {
  if (l.type() == ExprType::number && r.type() == ExprType::number) return ExprType::number;
  if (l.type() == ExprType::duration && r.type() == ExprType::duration)
    return op == BinaryOp::div ? ExprType::number : ExprType::duration;
  return std::nullopt;
}

class BinaryNode final : public Node {
 public:
  BinaryNode(BinaryOp op, NodePtr left, NodePtr right, std::optional<ExprType> type)
      : Node(type), op_(op), left_(std::move(left)), right_(std::move(right)) {
    // `field <op> number`, the usual filter, is read and compared without the two
    // virtual calls and the general comparison rules when the field is a number.
    const auto* field = dynamic_cast<const FieldNode*>(left_.get());
    const auto* literal = dynamic_cast<const LiteralNode*>(right_.get());
    if (is_comparison(op_) && field && literal && literal->value().type == ExprType::number) {
      field_path_ = &field->path();
      literal_ = &literal->value();
    }
  }

  ExprValue eval(const ExprInput& in) override {
    switch (op_) {
      case BinaryOp::logical_and: {
        const auto l = truth(left_->eval(in));
        if (l == false) return ExprValue::of_bool(false);
        const auto r = truth(right_->eval(in));
        if (r == false) return ExprValue::of_bool(false);
        return l && r ? ExprValue::of_bool(true) : ExprValue::null();
      }
      case BinaryOp::logical_or: {
        const auto l = truth(left_->eval(in));
        if (l == true) return ExprValue::of_bool(true);
        const auto r = truth(right_->eval(in));
        if (r == true) return ExprValue::of_bool(true);
        return l && r ? ExprValue::of_bool(false) : ExprValue::null();
      }
      case BinaryOp::eq:
      case BinaryOp::ne:
      case BinaryOp::lt:
      case BinaryOp::le:
      case BinaryOp::gt:
      case BinaryOp::ge: {
        if (field_path_) {
          double number;
          if (in.event.get_number(*field_path_, number)) return compare_numbers(op_, number, literal_->number);
          return comparison(op_, from_field(in.event.get(*field_path_)), *literal_);
        }
        const ExprValue l = left_->eval(in);
        return comparison(op_, l, right_->eval(in));
      }
      default: {
        const ExprValue l = left_->eval(in);
        return arithmetic(op_, l, right_->eval(in), scratch_);
      }
    }
  }

  void print(std::string& out) const override {
    out.push_back('(');
    left_->print(out);
    out.push_back(' ');
    out += op_text(op_);
    out.push_back(' ');
    right_->print(out);
    out.push_back(')');
  }

 private:
  BinaryOp op_;
  NodePtr left_;
  NodePtr right_;
  const FieldPath* field_path_ = nullptr;  ///< left_'s path, when right_ is a number literal
  const ExprValue* literal_ = nullptr;     ///< right_'s value then
  std::string scratch_;                    ///< string concatenation
};

class NotNode final : public Node {
 public:
  explicit NotNode(NodePtr operand) : Node(ExprType::boolean), operand_(std::move(operand)) {}
  ExprValue eval(const ExprInput& in) override {
    const auto t = truth(operand_->eval(in));
    return t ? ExprValue::of_bool(!*t) : ExprValue::null();
  }
  void print(std::string& out) const override {
    out += "(not ";
    operand_->print(out);
    out.push_back(')');
  }

 private:
  NodePtr operand_;
};

std::optional<ExprType> negated_type(const Node& operand) noexcept {
  const auto t = operand.type();
  if (t == ExprType::number || t == ExprType::duration) return t;
  return std::nullopt;
}

class NegateNode final : public Node {
 public:
  explicit NegateNode(NodePtr operand) : Node(negated_type(*operand)), operand_(std::move(operand)) {}
  ExprValue eval(const ExprInput& in) override {
    const ExprValue v = operand_->eval(in);
    if (v.type == ExprType::duration) return time_sum(ExprType::duration, 0, v.micros, true);
    const auto n = as_number(v);
    return n ? ExprValue::of_number(-*n) : ExprValue::null();
  }
  void print(std::string& out) const override {
    out += "(-";
    operand_->print(out);
    out.push_back(')');
  }

 private:
  NodePtr operand_;
};

class IsNullNode final : public Node {
 public:
  IsNullNode(NodePtr operand, bool negated)
      : Node(ExprType::boolean), operand_(std::move(operand)), negated_(negated) {}
  ExprValue eval(const ExprInput& in) override { return ExprValue::of_bool(operand_->eval(in).is_null() != negated_); }
  void print(std::string& out) const override {
    out.push_back('(');
    operand_->print(out);
    out += negated_ ? " is not null)" : " is null)";
  }

 private:
  NodePtr operand_;
  bool negated_;
};

class InNode final : public Node {
 public:
  InNode(NodePtr operand, std::vector<NodePtr> list, bool negated)
      : Node(ExprType::boolean), operand_(std::move(operand)), list_(std::move(list)), negated_(negated) {}

  ExprValue eval(const ExprInput& in) override {
    const ExprValue v = operand_->eval(in);
    if (v.is_null()) return ExprValue::null();
    bool saw_null = false;
    for (const auto& item : list_) {
      const ExprValue x = item->eval(in);
      if (x.is_null()) saw_null = true;
      else if (values_equal(v, x)) return ExprValue::of_bool(!negated_);
    }
    // SQL: `x in (1, null)` is unknown, not false, when x is not 1.
    return saw_null ? ExprValue::null() : ExprValue::of_bool(negated_);
  }

  void print(std::string& out) const override {
    out.push_back('(');
    operand_->print(out);
    out += negated_ ? " not in [" : " in [";
    for (size_t i = 0; i < list_.size(); ++i) {
      if (i > 0) out += ", ";
      list_[i]->print(out);
    }
    out += "])";
  }

 private:
  NodePtr operand_;
  std::vector<NodePtr> list_;
  bool negated_;
};

class MatchNode final : public Node {
 public:
  MatchNode(NodePtr operand, std::string pattern, bool negated, EvalStatus& status)
      : Node(ExprType::boolean), operand_(std::move(operand)), regex_(pattern), negated_(negated), status_(status) {}

  ExprValue eval(const ExprInput& in) override {
    const ExprValue v = operand_->eval(in);
    if (v.is_null()) return ExprValue::null();
    std::string_view subject = v.text;
    if (v.type != ExprType::string) {
      scratch_.clear();
      append_text(scratch_, v);
      subject = scratch_;
    }
    const int rc = regex_.match(subject);
    if (rc >= 0) return ExprValue::of_bool(!negated_);
    if (rc == PCRE2_ERROR_NOMATCH) return ExprValue::of_bool(negated_);
    // A limit hit (backtracking, depth, heap, JIT stack) says nothing about whether the
    // text matches: the event cannot be judged.
    status_.failed = true;
    status_.message.clear();
    status_.message += "regex ";
    append_json_string(status_.message, regex_.pattern());
    status_.message += ' ';
    status_.message += describe_pcre2_failure(rc);
    return ExprValue::null();
  }

  void print(std::string& out) const override {
    out.push_back('(');
    operand_->print(out);
    out += negated_ ? " !~ " : " =~ ";
    append_json_string(out, regex_.pattern());
    out.push_back(')');
  }

 private:
  NodePtr operand_;
  CompiledRegex regex_;
  bool negated_;
  EvalStatus& status_;
  std::string scratch_;
};

}  // namespace

LiteralNode::LiteralNode(ExprValue value, std::string storage)
    : Node(value.is_null() ? std::nullopt : std::optional<ExprType>(value.type)),
      storage_(std::move(storage)),
      value_(value) {
  if (value_.type == ExprType::string) value_.text = storage_;
}

void LiteralNode::print(std::string& out) const {
  switch (value_.type) {
    case ExprType::string: append_json_string(out, value_.text); return;
    case ExprType::duration: out += format_duration(value_.micros); return;
    case ExprType::time: append_rfc3339(out, value_.micros); return;
    default: append_json_value(out, value_); return;
  }
}

void FieldNode::print(std::string& out) const {
  const auto& segments = path_.segments();
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out.push_back('.');
    if (plain_identifier(segments[i])) {
      out += segments[i];
    } else {
      out.push_back('`');
      out += segments[i];
      out.push_back('`');
    }
  }
}

std::string_view op_text(BinaryOp op) noexcept {
  switch (op) {
    case BinaryOp::add: return "+";
    case BinaryOp::sub: return "-";
    case BinaryOp::mul: return "*";
    case BinaryOp::div: return "/";
    case BinaryOp::mod: return "%";
    case BinaryOp::eq: return "==";
    case BinaryOp::ne: return "!=";
    case BinaryOp::lt: return "<";
    case BinaryOp::le: return "<=";
    case BinaryOp::gt: return ">";
    case BinaryOp::ge: return ">=";
    case BinaryOp::logical_and: return "and";
    case BinaryOp::logical_or: return "or";
  }
  return "?";
}

NodePtr make_binary(BinaryOp op, NodePtr left, NodePtr right) {
  std::optional<ExprType> type = ExprType::boolean;
  if (op == BinaryOp::add || op == BinaryOp::sub || op == BinaryOp::mul || op == BinaryOp::div || op == BinaryOp::mod)
    type = arithmetic_type(op, *left, *right);
  return std::make_unique<BinaryNode>(op, std::move(left), std::move(right), type);
}

NodePtr make_not(NodePtr operand) { return std::make_unique<NotNode>(std::move(operand)); }
NodePtr make_negate(NodePtr operand) { return std::make_unique<NegateNode>(std::move(operand)); }
NodePtr make_is_null(NodePtr operand, bool negated) {
  return std::make_unique<IsNullNode>(std::move(operand), negated);
}
NodePtr make_in(NodePtr operand, std::vector<NodePtr> list, bool negated) {
  return std::make_unique<InNode>(std::move(operand), std::move(list), negated);
}
NodePtr make_match(NodePtr operand, std::string pattern, bool negated, EvalStatus& status) {
  return std::make_unique<MatchNode>(std::move(operand), std::move(pattern), negated, status);
}

}  // namespace ss::expr
