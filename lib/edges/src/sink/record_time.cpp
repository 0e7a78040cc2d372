#include "ss/sink/record_time.hpp"

#include <charconv>

namespace ss {

std::optional<TimeUs> value_time(const FieldValue& value, TimeUnit unit) {
  if (value.type == ValueType::string) {
    if (auto t = parse_rfc3339(value.text)) return t;
    double d = 0;
    const auto [end, ec] = std::from_chars(value.text.data(), value.text.data() + value.text.size(), d);
    if (ec == std::errc() && end == value.text.data() + value.text.size()) return epoch_to_us(d, unit);
    return std::nullopt;
  }
  if (value.type == ValueType::number) {
    if (value.is_integer) return epoch_to_us(value.integer, unit);
    return epoch_to_us(value.number, unit);
  }
  return std::nullopt;
}

std::optional<TimeUs> record_time(RecordFields& record, const std::vector<FieldPath>& fields, TimeUnit unit) {
  for (const FieldPath& path : fields) {
    const FieldValue value = record.get(path);
    if (value.present()) return value_time(value, unit);
  }
  return std::nullopt;
}

}  // namespace ss
