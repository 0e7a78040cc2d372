#include "ss/join/field_time.hpp"

#include <charconv>
#include <cstdint>

namespace ss {

std::optional<TimeUs> time_from_text(std::string_view text, TimeUnit unit) {
  if (auto t = parse_rfc3339(text)) return t;
  int64_t i = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), i);
  if (r.ec == std::errc() && r.ptr == text.data() + text.size()) return epoch_to_us(i, unit);
  double d = 0;
  const auto rd = std::from_chars(text.data(), text.data() + text.size(), d);
  if (rd.ec == std::errc() && rd.ptr == text.data() + text.size()) return epoch_to_us(d, unit);
  return std::nullopt;
}

std::optional<TimeUs> time_from_value(const FieldValue& value, TimeUnit unit) {
  if (value.is_string()) return time_from_text(value.text, unit);
  if (value.is_number()) return value.is_integer ? epoch_to_us(value.integer, unit) : epoch_to_us(value.number, unit);
  return std::nullopt;
}

}  // namespace ss
