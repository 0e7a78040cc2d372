#include "ss/ingest/access_log_parser.hpp"

#include <algorithm>
#include <cstdint>

#include "apache_text.hpp"
#include "ss/base/append_bounded.hpp"
#include "ss/base/find_byte.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {

// Member names as views: their sizes are known when compiled, where a `const char*`
// needed strlen.
using namespace std::string_view_literals;

AccessLogParser::AccessLogParser(const ParserOptions& options, bool combined)
    : combined_(combined),
      require_time_(options.require_time),
      clf_(options.time_format.empty()),
      times_(options, "clf") {}

ParseResult AccessLogParser::parse(std::string_view line, std::string& out) {
  line = strip_cr(line);
  if (is_blank(line)) return {ParseStatus::skip, "blank line"};
  line = as_valid_utf8(line, utf8_scratch_);
  const size_t n = line.size();

  // client ident user. Behind proxies the client is a list, `a, b` or `"a, b"`
  // (X-Forwarded-For): the first address is the client, the list is kept whole.
  size_t pos;
  std::string_view client, client_list;
  if (line[0] == '"') {
    pos = find_byte(line, '"', 1);
    if (pos == std::string_view::npos || pos + 1 >= n || line[pos + 1] != ' ')
      return {ParseStatus::bad, "expected the end of the quoted client list"};
    client_list = between(line, 1, pos);
    ++pos;
  } else {
    pos = find_byte(line, ' ');
    if (pos == 0 || pos == std::string_view::npos) return {ParseStatus::bad, "expected a client address"};
    // `a, b, c`: a token that ends in a comma continues with the next one.
    while (line[pos - 1] == ',') {
      const size_t next = find_byte(line, ' ', pos + 1);
      if (next == std::string_view::npos || next == pos + 1) return {ParseStatus::bad, "expected a client address"};
      pos = next;
    }
    client_list = between(line, 0, pos);
  }
  if (find_byte(client_list, ',') == std::string_view::npos) {
    client = client_list;
    client_list = {};
    if (client.empty() || client.find(' ') != std::string_view::npos)
      return {ParseStatus::bad, "expected a client address"};
  } else {
    client = first_of_list(client_list);
    if (client.empty()) return {ParseStatus::bad, "expected a client address"};
  }
  const size_t ident_start = pos + 1;
  pos = find_byte(line, ' ', ident_start);
  if (pos == std::string_view::npos || pos == ident_start) return {ParseStatus::bad, "expected an ident field"};
  const std::string_view ident = between(line, ident_start, pos);
  // A user name may hold spaces; it ends where the bracketed time begins. `- x` is no
  // user name but a token too many (a client list without commas).
  const size_t user_start = pos + 1;
  size_t bracket = find_byte(line, '[', user_start + 1);
  while (bracket != std::string_view::npos && line[bracket - 1] != ' ') bracket = find_byte(line, '[', bracket + 1);
  pos = bracket == std::string_view::npos ? bracket : bracket - 1;
  if (pos == std::string_view::npos || pos == user_start) return {ParseStatus::bad, "expected a user field"};
  const std::string_view user = between(line, user_start, pos);
  if (user.size() > 1 && user[0] == '-' && user[1] == ' ') return {ParseStatus::bad, "expected a user field"};

  // [time]
  const size_t time_start = pos + 2;
  pos = find_byte(line, ']', time_start);
  if (pos == std::string_view::npos) return {ParseStatus::bad, "expected a [time]"};
  const std::string_view time_text = between(line, time_start, pos);

  // "request"
  if (pos + 2 >= n || line[pos + 1] != ' ' || line[pos + 2] != '"')
    return {ParseStatus::bad, "expected a quoted request"};
  const size_t request_start = pos + 3;
  pos = unescaped_quote(line, request_start);
  if (pos == std::string_view::npos) return {ParseStatus::bad, "expected the end of the quoted request"};
  const std::string_view request = between(line, request_start, pos);

  // status bytes
  if (pos + 1 >= n || line[pos + 1] != ' ') return {ParseStatus::bad, "expected a status code"};
  const size_t status_start = pos + 2;
  pos = find_byte(line, ' ', status_start);
  if (pos == std::string_view::npos) pos = n;
  const std::string_view status = between(line, status_start, pos);
  if (!is_dash(status) && !all_digits(status)) return {ParseStatus::bad, "expected a status code"};
  if (pos >= n) return {ParseStatus::bad, "expected a byte count"};
  const size_t bytes_start = pos + 1;
  pos = find_byte(line, ' ', bytes_start);
  if (pos == std::string_view::npos) pos = n;
  const std::string_view bytes = between(line, bytes_start, pos);
  if (!is_dash(bytes) && !all_digits(bytes)) return {ParseStatus::bad, "expected a byte count"};

  // "referer" "user agent", each quoted or a bare `-`, then anything nginx adds. A line
  // that ends after the byte count is a common-log line: it fits, without them.
  std::string_view referer, user_agent, trailing;
  has_combined_fields_ = false;
  if (combined_ && pos < n) {
    if (pos + 2 >= n) return {ParseStatus::bad, "expected a quoted referer"};
    const size_t referer_start = pos + 2;
    if (line[pos + 1] == '"') {
      pos = unescaped_quote(line, referer_start);
      if (pos == std::string_view::npos) return {ParseStatus::bad, "expected the end of the quoted referer"};
      referer = between(line, referer_start, pos);
    } else if (line[pos + 1] == '-' && line[pos + 2] == ' ') {
      referer = "-";
      pos = pos + 1;
    } else {
      return {ParseStatus::bad, "expected a quoted referer"};
    }
    if (pos + 2 >= n || line[pos + 1] != ' ') return {ParseStatus::bad, "expected a quoted user agent"};
    if (line[pos + 2] == '"') {
      const size_t agent_start = pos + 3;
      // A user agent cut off at the end of the line (seen in real logs: a truncated last
      // write) is kept as far as it goes; nothing after it could be misread.
      pos = std::min(unescaped_quote(line, agent_start), n);
      user_agent = between(line, agent_start, pos);
    } else if (line[pos + 2] == '-' && (pos + 3 == n || line[pos + 3] == ' ')) {
      user_agent = "-";
      pos = pos + 2;
    } else {
      return {ParseStatus::bad, "expected a quoted user agent"};
    }
    has_combined_fields_ = true;
    if (pos + 1 < n) {
      trailing = between(line, pos + 1, n);
      while (!trailing.empty() && trailing[0] == ' ') trailing.remove_prefix(1);
    }
  }

  const std::optional<TimeUs> t = times_.from_access_log_text(time_text, clf_);
  if (!t && require_time_) return {ParseStatus::bad, times_.unparseable(time_text)};

  // Room for the worst case: every field a JSON string (or less) whose bytes may each
  // take a six-byte escape, the time, and 155 bytes of member names and quotes. The
  // fields are parts of the line, the client twice (it is the first of client_list).
  const size_t field_bytes = client.size() + client_list.size() + ident.size() + user.size() + status.size() +
                             bytes.size() + referer.size() + user_agent.size() + trailing.size();
  const size_t escapable = std::min(field_bytes + request.size(), 2 * json_escapable(line));
  const size_t bound = field_bytes + request.size() + 5 * escapable + kJsonTimeBound + 192;
  append_bounded(out, bound, [&](char* p) {
    *p++ = '{';
    if (t) {
      p = write_json_time(write_text(p, "\"ts\":"sv), *t);
      *p++ = ',';
    }
    p = write_json_string(write_text(p, "\"client\":"sv), client);
    if (!client_list.empty()) p = write_json_string(write_text(p, ",\"client_list\":"sv), client_list);
    if (!is_dash(ident)) p = write_json_string(write_text(p, ",\"ident\":"sv), ident);
    if (!is_dash(user)) p = write_json_string(write_text(p, ",\"user\":"sv), user);
    p = write_request(p, request);
    if (!is_dash(status)) p = write_digits(write_text(p, ",\"status\":"sv), status);
    if (!is_dash(bytes)) p = write_digits(write_text(p, ",\"bytes\":"sv), bytes);
    if (has_combined_fields_) {
      if (!is_dash(referer)) p = write_apache_string(write_text(p, ",\"referer\":"sv), referer);
      if (!is_dash(user_agent)) p = write_apache_string(write_text(p, ",\"user_agent\":"sv), user_agent);
      if (!trailing.empty()) p = write_json_string(write_text(p, ",\"trailing\":"sv), trailing);
    }
    *p++ = '}';
    return p;
  });
  return {ParseStatus::ok, {}};
}

}  // namespace ss
