// Text helpers the access-log parsers share (--format common, combined, and the
// --log-format parsers of apache and nginx): Apache's quoted-field escapes, client
// address lists and request lines, written as JSON the same way by each.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ss {

/// End of a quoted field whose opening quote is at `s[start - 1]`: the index of the
/// closing quote, skipping backslash-escaped ones; npos when there is none.
size_t closing_quote(std::string_view s, size_t start) noexcept;

/// Appends an Apache-escaped field as a JSON string: `\"` and `\\` are already JSON
/// escapes with the same meaning; any other backslash (`\x16`) is literal text.
void append_apache_string(std::string& out, std::string_view s);

/// The first address of `a, b, c`, without spaces around it; empty when it holds a space.
std::string_view first_of_list(std::string_view list) noexcept;

/// Digits as a JSON number: leading zeros would make it invalid JSON.
void append_digits(std::string& out, std::string_view digits);

/// Appends `,"method":…,"path":…,"protocol":…` for `METHOD PATH HTTP/x` (the path may
/// hold spaces), else `,"request":…` with the request as written (`-`, a TLS handshake).
void append_request(std::string& out, std::string_view request);

}  // namespace ss
