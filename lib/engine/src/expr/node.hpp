// The compiled tree of an Expression (private to lib/src/expr): one node class per
// operator, each knowing the type it returns when that is fixed at compile time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/expr/expression.hpp"
#include "ss/json/field_path.hpp"

namespace ss::expr {

/// A semantic error found while building a node (a bad regex, a wrong argument);
/// the parser adds the flag and column.
struct CompileError {
  std::string message;
};

class Node {
 public:
  explicit Node(std::optional<ExprType> type) : type_(type) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  virtual ExprValue eval(const ExprInput& in) = 0;
  /// Appends the canonical text (see Expression::canonical).
  virtual void print(std::string& out) const = 0;

  /// The type every evaluation returns (or null), when fixed; nullopt = any.
  std::optional<ExprType> type() const noexcept { return type_; }
  /// True for a literal: its value is known at compile time.
  virtual bool constant() const noexcept { return false; }

 private:
  std::optional<ExprType> type_;
};

using NodePtr = std::unique_ptr<Node>;

/// A literal; owns its string bytes.
class LiteralNode final : public Node {
 public:
  explicit LiteralNode(ExprValue value, std::string storage = {});
  ExprValue eval(const ExprInput&) override { return value_; }
  void print(std::string& out) const override;
  bool constant() const noexcept override { return true; }
  const ExprValue& value() const noexcept { return value_; }

 private:
  std::string storage_;
  ExprValue value_;
};

/// A field reference by dotted path.
class FieldNode final : public Node {
 public:
  explicit FieldNode(FieldPath path) : Node(std::nullopt), path_(std::move(path)) {}
  ExprValue eval(const ExprInput& in) override { return from_field(in.event.get(path_)); }
  void print(std::string& out) const override;
  const FieldPath& path() const noexcept { return path_; }

 private:
  FieldPath path_;
};

enum class BinaryOp { add, sub, mul, div, mod, eq, ne, lt, le, gt, ge, logical_and, logical_or };

/// The operator as the canonical text spells it.
std::string_view op_text(BinaryOp op) noexcept;

NodePtr make_binary(BinaryOp op, NodePtr left, NodePtr right);
NodePtr make_not(NodePtr operand);
NodePtr make_negate(NodePtr operand);
NodePtr make_is_null(NodePtr operand, bool negated);
NodePtr make_in(NodePtr operand, std::vector<NodePtr> list, bool negated);
/// `pattern` is compiled here; throws CompileError with PCRE2's message. A match that
/// hits one of PCRE2's limits gives NULL and marks `status` failed.
NodePtr make_match(NodePtr operand, std::string pattern, bool negated, EvalStatus& status);

class CallNode;
using CallImpl = ExprValue (*)(CallNode& call, const ExprInput& in);
/// Checks a call's arguments at compile time and prepares what it can (a unit name);
/// throws CompileError.
using CallCheck = void (*)(CallNode& call);

struct Function;
/// A call of `function` with a number of arguments within its arity; throws
/// CompileError for arguments the function cannot take (exists(1 + 2)).
/// `status` is the expression's: a function that cannot judge its input (regex_extract
/// at one of PCRE2's limits) fails the evaluation there, as `=~` does.
NodePtr make_call(const Function& function, std::vector<NodePtr> args, EvalStatus& status);

/// The table of functions (functions.cpp).
struct Function {
  std::string_view name;
  std::string_view signature;  ///< for messages and help
  size_t min_args;
  size_t max_args;  ///< SIZE_MAX: variadic
  std::optional<ExprType> result;
  std::string_view help;  ///< one line for the man page
  CallImpl impl;
  CallCheck check;  ///< nullptr: any arguments
};

const Function* find_function(std::string_view name) noexcept;
const std::vector<Function>& functions();

}  // namespace ss::expr
