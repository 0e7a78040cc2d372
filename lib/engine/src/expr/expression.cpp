#include "ss/expr/expression.hpp"

#include <fmt/format.h>

#include "node.hpp"
#include "parser.hpp"
#include "ss/base/error.hpp"

namespace ss {

using expr::NodePtr;

Expression::Expression(std::string text, std::unique_ptr<expr::Node> root, std::unique_ptr<expr::EvalStatus> status,
                       std::vector<FieldPath> fields)
    : text_(std::move(text)), fields_(std::move(fields)), root_(std::move(root)), status_(std::move(status)) {
  root_->print(canonical_);
  // The canonical text names every call; a string literal that happens to hold the
  // name only costs a time parse.
  reads_event_time_ = canonical_.find("event_time(") != std::string::npos;
}

Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

Expression Expression::compile(std::string_view text, std::string_view flag) {
  auto status = std::make_unique<expr::EvalStatus>();
  std::vector<FieldPath> fields;
  NodePtr root = expr::parse_expression(text, flag, *status, &fields);
  return Expression(std::string(text), std::move(root), std::move(status), std::move(fields));
}

ExprValue Expression::evaluate(const ExprInput& input) {
  status_->failed = false;
  return root_->eval(input);
}

std::optional<ExprType> Expression::static_type() const noexcept { return root_->type(); }

Expression compile_condition(std::string_view text, std::string_view flag) {
  Expression e = Expression::compile(text, flag);
  const auto type = e.static_type();
  if (type && *type != ExprType::boolean)
    throw_usage(
        fmt::format("{}: needs a condition such as status >= 500, but '{}' gives a {}", flag, text, type_name(*type)));
  return e;
}

ComputedField parse_computed_field(std::string_view text, std::string_view flag) {
  size_t eq = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') continue;
    const bool doubled = i + 1 < text.size() && text[i + 1] == '=';
    const bool compound = i > 0 && (text[i - 1] == '!' || text[i - 1] == '<' || text[i - 1] == '>');
    if (!doubled && !compound) {
      eq = i;
      break;
    }
    if (doubled) ++i;
  }
  if (eq == std::string_view::npos) throw_usage(fmt::format("{} {}: expected NAME=EXPRESSION", flag, text));
  std::string_view name = text.substr(0, eq);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  if (name.empty()) throw_usage(fmt::format("{} {}: the name before '=' is empty", flag, text));
  return ComputedField{std::string(name), Expression::compile(text.substr(eq + 1), fmt::format("{} {}", flag, name))};
}

}  // namespace ss
