#include "ss/join/joined_rows.hpp"

#include "ss/expr/expr_value.hpp"
#include "ss/json/event_parser.hpp"

namespace ss {

JoinedRows::JoinedRows(const std::vector<std::string>& set, const StreamOptions& stream)
    : setter_(set, stream.time_field.text()), stream_(stream), parser_(std::make_unique<EventParser>()) {}

JoinedRows::~JoinedRows() = default;

std::string& JoinedRows::start(OutputBuffer& out) {
  if (setter_.empty()) return out.buffer();
  row_.clear();
  return row_;
}

void JoinedRows::finish(OutputBuffer& out) {
  if (!setter_.empty()) {
    // Rows are built from valid JSON objects, so this parse succeeds; the expressions
    // then see both sides' fields.
    parser_->parse(row_);
    const ExprValue time = from_field(parser_->get(stream_.time_field));
    if (!setter_.apply(row_, *parser_, as_time(time), out.buffer())) return;
  }
  out.end_line();
}

}  // namespace ss
