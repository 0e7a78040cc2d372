// The parser's entry point (private to lib/src/expr).
#pragma once

#include <string_view>

#include "node.hpp"

namespace ss::expr {

/// Parses `text` into a tree; throws ss::Error(usage) naming `flag` and the column.
NodePtr parse_expression(std::string_view text, std::string_view flag, EvalStatus& status);

}  // namespace ss::expr
