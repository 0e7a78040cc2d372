// Text helpers the access-log parsers share (--format common, combined, and the
// --log-format parsers of apache and nginx): Apache's quoted-field escapes, client
// address lists and request lines, written as JSON the same way by each.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ss {

/// Appends an Apache-escaped field as a JSON string: `\"` and `\\` are already JSON
/// escapes with the same meaning; any other backslash (`\x16`) is literal text.
void append_apache_string(std::string& out, std::string_view s);
/// append_apache_string() written at `p`, which has room for json_string_bound(s.size(),
/// json_escapable(s)) bytes; returns the end of what it wrote.
char* write_apache_string(char* p, std::string_view s) noexcept;

/// The first address of `a, b, c`, without spaces around it; empty when it holds a space.
std::string_view first_of_list(std::string_view list) noexcept;

/// Digits as a JSON number: leading zeros would make it invalid JSON.
void append_digits(std::string& out, std::string_view digits);
/// append_digits() written at `p`, which has room for digits.size() bytes.
char* write_digits(char* p, std::string_view digits) noexcept;

/// Appends `,"method":…,"path":…,"protocol":…` for `METHOD PATH HTTP/x` (the path may
/// hold spaces), else `,"request":…` with the request as written (`-`, a TLS handshake).
void append_request(std::string& out, std::string_view request);
/// The most bytes append_request() writes for a request of `n` bytes, `escapable` of
/// which may need an escape: its words as JSON strings, and the member names.
constexpr size_t request_bound(size_t n, size_t escapable) noexcept { return n + 5 * escapable + 64; }
/// append_request() written at `p`, which has room for request_bound(request.size(),
/// json_escapable(request)) bytes; returns the end of what it wrote.
char* write_request(char* p, std::string_view request) noexcept;

}  // namespace ss
