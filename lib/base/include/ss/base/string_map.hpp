// A hash map keyed by std::string that is looked up by std::string_view: an event's key
// is a view into the line or a scratch buffer, and finding it must not build a string.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ss {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

}  // namespace ss
