#include "ss/ingest/syslog_line_parser.hpp"

#include "ss/base/error.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

constexpr std::string_view kFacilities[24] = {"kern",   "user",     "mail",    "daemon",       "auth",     "syslog",
                                              "lpr",    "news",     "uucp",    "cron",         "authpriv", "ftp",
                                              "ntp",    "security", "console", "solaris-cron", "local0",   "local1",
                                              "local2", "local3",   "local4",  "local5",       "local6",   "local7"};
constexpr std::string_view kSeverities[8] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// The next space-delimited token at `pos`; `pos` ends on the space (or the end).
std::string_view next_token(std::string_view s, size_t& pos) noexcept {
  const size_t start = pos;
  while (pos < s.size() && s[pos] != ' ') ++pos;
  return s.substr(start, pos - start);
}

/// `Mmm dd hh:mm:ss[.fff]` (day space-padded or not) at `pos`.
bool read_rfc3164_time(std::string_view s, size_t& pos, CivilTime& t) noexcept {
  if (s.size() - pos < 14) return false;
  const size_t month = kMonths.find(s.substr(pos, 3));
  if (month == std::string_view::npos || month % 3 != 0 || s[pos + 3] != ' ') return false;
  t.month = static_cast<unsigned>(month / 3 + 1);
  pos += 4;
  if (s[pos] == ' ') ++pos;
  if (pos >= s.size() || !is_digit(s[pos])) return false;
  t.day = static_cast<unsigned>(s[pos++] - '0');
  if (pos < s.size() && is_digit(s[pos])) t.day = t.day * 10 + static_cast<unsigned>(s[pos++] - '0');
  if (s.size() - pos < 9 || s[pos] != ' ' || !is_digit(s[pos + 1]) || !is_digit(s[pos + 2]) || s[pos + 3] != ':' ||
      !is_digit(s[pos + 4]) || !is_digit(s[pos + 5]) || s[pos + 6] != ':' || !is_digit(s[pos + 7]) ||
      !is_digit(s[pos + 8]))
    return false;
  t.hour = static_cast<unsigned>((s[pos + 1] - '0') * 10 + (s[pos + 2] - '0'));
  t.minute = static_cast<unsigned>((s[pos + 4] - '0') * 10 + (s[pos + 5] - '0'));
  t.second = static_cast<unsigned>((s[pos + 7] - '0') * 10 + (s[pos + 8] - '0'));
  pos += 9;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int64_t scale = 100000;
    const size_t start = pos;
    while (pos < s.size() && is_digit(s[pos])) {
      if (pos - start < 6) {
        t.micros += (s[pos] - '0') * scale;
        scale /= 10;
      }
      ++pos;
    }
    if (pos == start) return false;
  }
  t.has_year = false;
  return true;
}

/// True for a token that is a tag, not a host name: `app:`, `app[pid]:` or `app[pid]`.
/// Host names hold no `[` and end in no `:`.
bool looks_like_tag(std::string_view token) noexcept {
  if (token.back() == ':') return token.size() > 1;
  const size_t open = token.find('[');
  return open != std::string_view::npos && open > 0 && token.back() == ']' &&
         all_digits(token.substr(open + 1, token.size() - open - 2));
}

/// rsyslog's and journald's `message repeated N times: [ text]`: sets `message` to the
/// text and returns N; 0 (message untouched) for any other message.
uint64_t repeated_message(std::string_view& message) noexcept {
  constexpr std::string_view kHead = "message repeated ";
  constexpr std::string_view kMiddle = " times: [";
  if (message.size() < kHead.size() + 1 + kMiddle.size() + 1 || message.substr(0, kHead.size()) != kHead ||
      message.back() != ']')
    return 0;
  size_t pos = kHead.size();
  uint64_t n = 0;
  const size_t digits_start = pos;
  while (pos < message.size() && is_digit(message[pos]) && pos - digits_start < 18)
    n = n * 10 + static_cast<uint64_t>(message[pos++] - '0');
  if (pos == digits_start || n == 0 || message.substr(pos, kMiddle.size()) != kMiddle) return 0;
  std::string_view text = message.substr(pos + kMiddle.size());
  text.remove_suffix(1);
  if (!text.empty() && text[0] == ' ') text.remove_prefix(1);
  message = text;
  return n;
}

/// Where structured data that is not strict RFC 5424 ends, from its `[` at `start`: after
/// the first `]` outside quotes that ends the line or is followed by a space and no `[`;
/// quotes are ignored when they leave none; the end of the line when there is none.
size_t end_of_raw_structured_data(std::string_view s, size_t start) noexcept {
  for (const bool honour_quotes : {true, false}) {
    bool quoted = false;
    for (size_t i = start; i < s.size(); ++i) {
      const char c = s[i];
      if (honour_quotes && c == '\\') {
        ++i;
      } else if (honour_quotes && c == '"') {
        quoted = !quoted;
      } else if (c == ']' && !quoted) {
        if (i + 1 == s.size() || (s[i + 1] == ' ' && (i + 2 == s.size() || s[i + 2] != '['))) return i + 1;
      }
    }
  }
  return s.size();
}

void write_head(EventObject& m, std::string_view host, std::string_view app, std::string_view pid, int pri) {
  if (!host.empty()) m.string("\"host\"", host);
  if (!app.empty()) m.string("\"app\"", app);
  if (!pid.empty()) {
    if (all_digits(pid) && pid.size() < 19) {
      while (pid.size() > 1 && pid[0] == '0') pid.remove_prefix(1);
      m.key("\"pid\"").append(pid);
    } else {
      m.string("\"pid\"", pid);
    }
  }
  if (pri >= 0) {
    m.string("\"facility\"", kFacilities[pri / 8]);
    m.string("\"severity\"", kSeverities[pri % 8]);
  }
}

}  // namespace

SyslogLineParser::SyslogLineParser(const ParserOptions& options)
    : require_time_(options.require_time), times_(options, "rfc3339") {
  if (!options.time_format.empty())
    throw_usage("syslog times are read in their own format: --time-format does not apply to --format syslog");
}

ParseResult SyslogLineParser::parse(std::string_view line, std::string& out) {
  line = strip_cr(line);
  if (is_blank(line)) return {ParseStatus::skip, "blank line"};
  line = as_valid_utf8(line, utf8_scratch_);
  int pri = -1;
  size_t pos = 0;
  if (line[0] == '<') {
    pos = 1;
    int value = 0;
    while (pos < line.size() && is_digit(line[pos]) && pos < 4) value = value * 10 + (line[pos++] - '0');
    if (pos == 1 || pos >= line.size() || line[pos] != '>' || value > 191) return {ParseStatus::bad, "bad PRI"};
    pri = value;
    ++pos;
  }
  const std::string_view rest = line.substr(pos);
  // RFC 5424 starts with a version number and a space; RFC 3164 with a month name or,
  // in rsyslog's precise form, a four-digit year.
  size_t v = 0;
  while (v < rest.size() && v < 2 && is_digit(rest[v])) ++v;
  if (v > 0 && rest[0] != '0' && v < rest.size() && rest[v] == ' ') return parse_rfc5424(rest.substr(v + 1), pri, out);
  return parse_rfc3164(rest, pri, out);
}

ParseResult SyslogLineParser::parse_rfc3164(std::string_view s, int pri, std::string& out) {
  size_t pos = 0;
  std::optional<TimeUs> t;
  if (!s.empty() && is_digit(s[0])) {
    const std::string_view text = next_token(s, pos);
    t = times_.from_text(text);
    if (!t) return {ParseStatus::bad, times_.unparseable(text)};
  } else {
    CivilTime fields;
    if (!read_rfc3164_time(s, pos, fields)) return {ParseStatus::bad, "expected a syslog timestamp"};
    t = times_.from_fields(fields);
    if (!t && require_time_) return {ParseStatus::bad, times_.unparseable(s.substr(0, pos))};
  }
  if (pos >= s.size() || s[pos] != ' ') return {ParseStatus::bad, "expected a host name"};
  ++pos;
  const size_t host_start = pos;
  std::string_view host = next_token(s, pos);
  if (host.empty()) return {ParseStatus::bad, "expected a host name"};
  if (looks_like_tag(host)) {
    // No host: messages received off the network come without one.
    host = {};
    pos = host_start;
  } else if (pos < s.size()) {
    ++pos;
  }

  // tag: `app[pid]:`, `app:` or `app[pid]` before the message; anything else means the
  // line has no tag and the rest is all message. Only `name with spaces[pid]:` may hold
  // spaces (`Microsoft Word[14463]:`), as text before a colon is too often message.
  while (pos < s.size() && s[pos] == ' ') ++pos;
  std::string_view app, pid;
  size_t message_start = pos;
  size_t p = pos;
  bool spaces = false;
  while (p < s.size() && s[p] != '[' && s[p] != ':') spaces |= s[p++] == ' ';
  if (p > pos && p < s.size()) {
    if (s[p] == ':' && !spaces) {
      app = s.substr(pos, p - pos);
      message_start = p + 1;
    } else if (s[p] == '[') {
      const size_t close = s.find(']', p + 1);
      if (close != std::string_view::npos && all_digits(s.substr(p + 1, close - p - 1))) {
        const bool colon = close + 1 < s.size() && s[close + 1] == ':';
        const bool space_or_end = close + 1 == s.size() || s[close + 1] == ' ';
        if (colon || (space_or_end && !spaces)) {
          app = s.substr(pos, p - pos);
          pid = s.substr(p + 1, close - p - 1);
          message_start = close + (colon ? 2 : 1);
        }
      }
    }
    if (!app.empty() && message_start < s.size() && s[message_start] == ' ') ++message_start;
  }

  std::string_view message = s.substr(std::min(message_start, s.size()));
  const uint64_t repeat = repeated_message(message);
  EventObject m(out, t);
  write_head(m, host, app, pid, pri);
  m.string("\"message\"", message);
  if (repeat > 0) m.key("\"repeat\"").append(std::to_string(repeat));
  m.close();
  return {ParseStatus::ok, {}};
}

bool SyslogLineParser::read_structured_data(std::string_view s, size_t& pos) {
  sd_.assign("{");
  bool first_element = true;
  while (pos < s.size() && s[pos] == '[') {
    ++pos;
    const size_t id_start = pos;
    while (pos < s.size() && s[pos] != ' ' && s[pos] != ']' && s[pos] != '=' && s[pos] != '"') ++pos;
    if (pos == id_start || pos >= s.size() || s[pos] == '=' || s[pos] == '"') return false;
    if (!first_element) sd_.push_back(',');
    first_element = false;
    append_json_string(sd_, s.substr(id_start, pos - id_start));
    sd_ += ":{";
    bool first_param = true;
    while (pos < s.size() && s[pos] == ' ') {
      ++pos;
      const size_t name_start = pos;
      while (pos < s.size() && s[pos] != '=' && s[pos] != ' ' && s[pos] != ']' && s[pos] != '"') ++pos;
      if (pos == name_start || pos + 1 >= s.size() || s[pos] != '=' || s[pos + 1] != '"') return false;
      const std::string_view name = s.substr(name_start, pos - name_start);
      pos += 2;
      unescaped_.clear();
      bool closed = false;
      while (pos < s.size()) {
        const char c = s[pos];
        if (c == '"') {
          closed = true;
          ++pos;
          break;
        }
        if (c == '\\' && pos + 1 < s.size() && (s[pos + 1] == '"' || s[pos + 1] == '\\' || s[pos + 1] == ']')) {
          unescaped_.push_back(s[pos + 1]);
          pos += 2;
          continue;
        }
        unescaped_.push_back(c);
        ++pos;
      }
      if (!closed) return false;
      if (!first_param) sd_.push_back(',');
      first_param = false;
      append_json_string(sd_, name);
      sd_.push_back(':');
      append_json_string(sd_, unescaped_);
    }
    if (pos >= s.size() || s[pos] != ']') return false;
    ++pos;
    sd_.push_back('}');
  }
  sd_.push_back('}');
  return !first_element;
}

ParseResult SyslogLineParser::parse_rfc5424(std::string_view s, int pri, std::string& out) {
  size_t pos = 0;
  std::string_view fields[5];  // timestamp host app procid msgid
  for (std::string_view& field : fields) {
    if (pos >= s.size()) return {ParseStatus::bad, "expected the RFC 5424 header fields"};
    field = next_token(s, pos);
    if (field.empty() || pos >= s.size()) return {ParseStatus::bad, "expected the RFC 5424 header fields"};
    ++pos;
  }
  auto nil = [](std::string_view f) { return f == "-" ? std::string_view() : f; };
  std::optional<TimeUs> t;
  if (fields[0] != "-") {
    t = times_.from_text(fields[0]);
    if (!t && require_time_) return {ParseStatus::bad, times_.unparseable(fields[0])};
  } else if (require_time_) {
    return {ParseStatus::bad, "no time"};
  }
  if (pos >= s.size()) return {ParseStatus::bad, "expected the RFC 5424 header fields"};  // no structured data
  bool has_sd = false;
  bool lenient = false;
  std::string_view sd_raw, message;
  bool has_message = false;
  if (s[pos] == '-' && (pos + 1 == s.size() || s[pos + 1] == ' ')) {
    ++pos;
  } else if (s[pos] == '[') {
    const size_t sd_start = pos;
    has_sd = read_structured_data(s, pos) && (pos == s.size() || s[pos] == ' ');
    if (!has_sd) {
      // Structured data as real senders write it (a value without quotes, a space
      // after `=`): the event is kept, with the text as written.
      pos = end_of_raw_structured_data(s, sd_start);
      sd_raw = s.substr(sd_start, pos - sd_start);
      lenient = true;
    }
  } else {
    // No structured data part at all: the message follows the header.
    message = s.substr(pos);
    has_message = true;
    lenient = true;
    pos = s.size();
  }
  if (pos < s.size()) {
    message = s.substr(pos + 1);
    has_message = true;
  }
  if (has_message && message.substr(0, 3) == "\xEF\xBB\xBF") message.remove_prefix(3);

  EventObject m(out, t);
  write_head(m, nil(fields[1]), nil(fields[2]), nil(fields[3]), pri);
  if (!nil(fields[4]).empty()) m.string("\"msgid\"", fields[4]);
  if (has_sd) m.key("\"structured_data\"").append(sd_);
  if (lenient && !sd_raw.empty()) m.string("\"structured_data_raw\"", sd_raw);
  if (has_message) m.string("\"message\"", message);
  m.close();
  ParseResult result{ParseStatus::ok, {}};
  result.lenient = lenient;
  return result;
}

}  // namespace ss
