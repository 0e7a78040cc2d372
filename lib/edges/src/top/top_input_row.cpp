#include "ss/top/top_input_row.hpp"

#include <algorithm>

namespace ss {

void read_top_row(const RowReader& reader, TopInputRow& row) {
  row.shape = reader.shape().value_or(RowShape::windows);
  row.start = reader.time();
  row.end = reader.end().value_or(reader.time());
  row.key = reader.key_cells();
  row.values.clear();
  row.final.reset();
  const std::vector<std::string>& keys = reader.key_fields();
  for (const RecordField& field : reader.fields()) {
    if (field.name == "final" && field.value.type == ValueType::boolean) row.final = field.value.boolean;
    const std::optional<double> number = number_value(field.value);
    if (!number || is_shape_member(row.shape, field.name) ||
        std::find(keys.begin(), keys.end(), field.name) != keys.end())
      continue;
    row.values.emplace_back(field.name, *number);
  }
}

}  // namespace ss
