// What every fuzz target does on a broken contract: print what and on which text, then
// abort, so libFuzzer keeps the input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace ss::fuzz {

[[noreturn]] inline void fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "%s: %.*s\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

/// True when `text` is one valid JSON object (valid UTF-8 throughout).
bool is_json_object(std::string_view text);

/// True when `text` is a valid JSON object with a top-level member named `name` (after
/// unescaping); nullopt when simdjson's DOM cannot tell (a number it refuses).
std::optional<bool> has_member(std::string_view text, std::string_view name);

}  // namespace ss::fuzz
