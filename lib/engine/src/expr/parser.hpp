// The parser's entry point (private to lib/src/expr).
#pragma once

#include <string_view>
#include <vector>

#include "node.hpp"

namespace ss::expr {

/// Parses `text` into a tree; throws ss::Error(usage) naming `flag` and the column.
/// Appends every field path it reads to `fields` (each once), when given.
NodePtr parse_expression(std::string_view text, std::string_view flag, EvalStatus& status,
                         std::vector<FieldPath>* fields = nullptr);

}  // namespace ss::expr
