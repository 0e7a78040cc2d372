#include "ss/ingest/log_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "ss/base/error.hpp"

namespace ss {

namespace {

/// A directive's output: its member name and value type (time: with its time spec).
struct Meaning {
  std::string name;
  LogValueType type = LogValueType::text;
  std::string time_spec;
};

/// A header name as a member name: lower case, `-` as `_` (`User-Agent` is `user_agent`,
/// as nginx spells `$http_user_agent`).
std::string header_name(std::string_view header) {
  std::string name;
  name.reserve(header.size());
  for (const char c : header) {
    if (c >= 'A' && c <= 'Z') {
      name.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      name.push_back(c == '-' ? '_' : c);
    }
  }
  return name;
}

/// Apache's `%{format}t`: the strftime format as a TimeFormat spec.
std::string apache_time_spec(std::string_view arg, std::string_view directive) {
  if (arg.substr(0, 6) == "begin:") arg.remove_prefix(6);
  if (arg.substr(0, 4) == "end:") arg.remove_prefix(4);
  if (arg == "sec") return "epoch_s";
  if (arg == "msec") return "epoch_ms";
  if (arg == "usec") return "epoch_us";
  if (arg == "msec_frac" || arg == "usec_frac")
    throw_usage(
        fmt::format("--log-format: {} is a fraction of a second alone, not a time: give the time with %t, "
                    "%{{sec}}t or a format such as %{{%Y-%m-%dT%H:%M:%S%z}}t",
                    directive));
  if (arg.empty()) return "clf";
  return std::string(arg);
}

/// What an Apache directive (the letter, with its `{arg}`) writes.
Meaning apache_meaning(char letter, std::string_view arg, std::string_view directive) {
  const auto plain = [&](std::string_view name, LogValueType type) {
    if (!arg.empty()) throw_usage(fmt::format("--log-format: {} takes no {{argument}}", directive));
    return Meaning{std::string(name), type, {}};
  };
  switch (letter) {
    case 'h': return plain("client", LogValueType::client);
    case 'a': return Meaning{arg == "c" ? "peer_ip" : "client_ip", LogValueType::text, {}};
    case 'A': return plain("server_ip", LogValueType::text);
    case 'l': return plain("ident", LogValueType::text);
    case 'u': return plain("user", LogValueType::user);
    case 't': return Meaning{"ts", LogValueType::time, apache_time_spec(arg, directive)};
    case 'r': return plain("request", LogValueType::request);
    case 's': return plain("status", LogValueType::integer);
    case 'b':
    case 'B': return plain("bytes", LogValueType::integer);
    case 'D': return plain("request_time_us", LogValueType::integer);
    case 'T':
      if (arg.empty() || arg == "s") return Meaning{"request_time_s", LogValueType::integer, {}};
      if (arg == "ms") return Meaning{"request_time_ms", LogValueType::integer, {}};
      if (arg == "us") return Meaning{"request_time_us", LogValueType::integer, {}};
      throw_usage(fmt::format("--log-format: unknown unit in {} (expected s, ms or us)", directive));
    case 'i':
      if (arg.empty()) break;
      return Meaning{header_name(arg), LogValueType::escaped, {}};
    case 'o':
      if (arg.empty()) break;
      return Meaning{"response_" + header_name(arg), LogValueType::escaped, {}};
    case 'C':
      if (arg.empty()) break;
      return Meaning{"cookie_" + std::string(arg), LogValueType::escaped, {}};
    case 'e':
      if (arg.empty()) break;
      return Meaning{"env_" + std::string(arg), LogValueType::escaped, {}};
    case 'n':
      if (arg.empty()) break;
      return Meaning{"note_" + std::string(arg), LogValueType::escaped, {}};
    case 'v':
    case 'V': return plain("server_name", LogValueType::text);
    case 'p':
      if (arg.empty() || arg == "canonical" || arg == "local") return Meaning{"server_port", LogValueType::integer, {}};
      if (arg == "remote") return Meaning{"client_port", LogValueType::integer, {}};
      throw_usage(
          fmt::format("--log-format: unknown port kind in {} (expected canonical, local or remote)", directive));
    case 'P':
      if (arg.empty() || arg == "pid") return Meaning{"pid", LogValueType::integer, {}};
      if (arg == "tid") return Meaning{"tid", LogValueType::integer, {}};
      if (arg == "hextid") return Meaning{"tid", LogValueType::text, {}};
      throw_usage(fmt::format("--log-format: unknown process id kind in {} (expected pid, tid or hextid)", directive));
    case 'I': return plain("request_length", LogValueType::integer);
    case 'O': return plain("bytes_sent", LogValueType::integer);
    case 'S': return plain("bytes_transferred", LogValueType::integer);
    case 'k': return plain("keepalive_requests", LogValueType::integer);
    case 'X': return plain("connection_status", LogValueType::text);
    case 'L': return plain("log_id", LogValueType::text);
    case 'R': return plain("handler", LogValueType::text);
    case 'f': return plain("filename", LogValueType::escaped);
    case 'U': return plain("url_path", LogValueType::escaped);
    case 'q': return plain("query_string", LogValueType::escaped);
    case 'm': return plain("method", LogValueType::text);
    case 'H': return plain("protocol", LogValueType::text);
    default: break;
  }
  throw_usage(fmt::format("--log-format: unknown Apache directive {}", directive));
}

/// nginx variables with a fixed meaning; `http_*`, `sent_http_*`, `cookie_*`, `arg_*`
/// and `upstream_http_*` are handled by prefix.
struct NginxVariable {
  std::string_view variable;
  std::string_view name;
  LogValueType type;
  std::string_view time_spec;
};

constexpr NginxVariable kNginxVariables[] = {
    {"remote_addr", "client", LogValueType::client, {}},
    {"remote_user", "user", LogValueType::user, {}},
    {"time_local", "ts", LogValueType::time, "clf"},
    {"time_iso8601", "ts", LogValueType::time, "rfc3339"},
    {"msec", "ts", LogValueType::time, "epoch_s"},
    {"request", "request", LogValueType::request, {}},
    {"status", "status", LogValueType::integer, {}},
    {"body_bytes_sent", "bytes", LogValueType::integer, {}},
    {"bytes_sent", "bytes_sent", LogValueType::integer, {}},
    {"request_length", "request_length", LogValueType::integer, {}},
    {"request_time", "request_time", LogValueType::decimal, {}},
    {"upstream_response_time", "upstream_response_time", LogValueType::time_list, {}},
    {"upstream_connect_time", "upstream_connect_time", LogValueType::time_list, {}},
    {"upstream_header_time", "upstream_header_time", LogValueType::time_list, {}},
    {"upstream_addr", "upstream_addr", LogValueType::text_list, {}},
    {"upstream_status", "upstream_status", LogValueType::text_list, {}},
    {"upstream_cache_status", "upstream_cache_status", LogValueType::text, {}},
    {"host", "host", LogValueType::text, {}},
    {"hostname", "hostname", LogValueType::text, {}},
    {"server_name", "server_name", LogValueType::text, {}},
    {"server_addr", "server_ip", LogValueType::text, {}},
    {"server_port", "server_port", LogValueType::integer, {}},
    {"remote_port", "client_port", LogValueType::integer, {}},
    {"realip_remote_addr", "realip_remote_addr", LogValueType::text, {}},
    {"request_method", "method", LogValueType::text, {}},
    {"request_uri", "path", LogValueType::escaped, {}},
    {"uri", "url_path", LogValueType::escaped, {}},
    {"args", "query_string", LogValueType::escaped, {}},
    {"query_string", "query_string", LogValueType::escaped, {}},
    {"server_protocol", "protocol", LogValueType::text, {}},
    {"scheme", "scheme", LogValueType::text, {}},
    {"https", "https", LogValueType::text, {}},
    {"connection", "connection", LogValueType::integer, {}},
    {"connection_requests", "connection_requests", LogValueType::integer, {}},
    {"pipe", "pipe", LogValueType::text, {}},
    {"gzip_ratio", "gzip_ratio", LogValueType::decimal, {}},
    {"ssl_protocol", "ssl_protocol", LogValueType::text, {}},
    {"ssl_cipher", "ssl_cipher", LogValueType::text, {}},
    {"request_id", "request_id", LogValueType::text, {}},
    {"pid", "pid", LogValueType::integer, {}},
};

Meaning nginx_meaning(std::string_view variable, std::string_view directive) {
  for (const NginxVariable& v : kNginxVariables) {
    if (v.variable == variable) return Meaning{std::string(v.name), v.type, std::string(v.time_spec)};
  }
  const auto suffix = [&](std::string_view prefix) -> std::string_view {
    return variable.size() > prefix.size() && variable.substr(0, prefix.size()) == prefix
               ? variable.substr(prefix.size())
               : std::string_view();
  };
  if (const auto header = suffix("http_"); !header.empty())
    return Meaning{std::string(header), LogValueType::escaped, {}};
  if (const auto header = suffix("sent_http_"); !header.empty())
    return Meaning{"response_" + std::string(header), LogValueType::escaped, {}};
  if (const auto header = suffix("upstream_http_"); !header.empty())
    return Meaning{"upstream_http_" + std::string(header), LogValueType::escaped, {}};
  if (const auto cookie = suffix("cookie_"); !cookie.empty())
    return Meaning{"cookie_" + std::string(cookie), LogValueType::escaped, {}};
  if (const auto arg = suffix("arg_"); !arg.empty())
    return Meaning{"arg_" + std::string(arg), LogValueType::escaped, {}};
  throw_usage(fmt::format("--log-format: unknown nginx variable {}", directive));
}

bool is_variable_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// The text between the `{` at `i` and its `}`; `i` moves past the `}`. `start` is
/// where the directive began, for the message.
std::string_view read_braced(std::string_view format, size_t& i, size_t start) {
  const size_t close = format.find('}', i);
  if (close == std::string_view::npos)
    throw_usage(fmt::format("--log-format: unclosed {{ in {}", format.substr(start)));
  const std::string_view inside = format.substr(i + 1, close - i - 1);
  i = close + 1;
  return inside;
}

LogFormatStep field_step(Meaning meaning, std::string directive) {
  LogFormatStep field;
  field.name = std::move(meaning.name);
  field.directive = std::move(directive);
  field.type = meaning.type;
  field.time_spec = std::move(meaning.time_spec);
  return field;
}

std::string_view shape_of(LogValueType type) noexcept {
  switch (type) {
    case LogValueType::integer: return "a number or -";
    case LogValueType::decimal: return "a number such as 0.125, or -";
    case LogValueType::time_list: return "numbers separated by \", \" or \" : \", or -";
    case LogValueType::text_list: return "values separated by \", \" or \" : \"";
    case LogValueType::client: return "an address or a list of them";
    case LogValueType::time: return "a time";
    default: return "a value";
  }
}

}  // namespace

LogFormat::LogFormat(LogFormatDialect dialect, std::string_view format) : dialect_(dialect) {
  if (format.empty()) throw_usage("--log-format: expected a format line, got an empty one");
  size_t i = 0;
  std::string literal;
  const auto flush = [&] {
    if (!literal.empty()) add_literal(literal);
    literal.clear();
  };
  while (i < format.size()) {
    const char c = format[i];
    // Pasted from a configuration file: `\"` and `\\` as the file writes them.
    if (c == '\\' && i + 1 < format.size() && (format[i + 1] == '"' || format[i + 1] == '\\')) {
      literal.push_back(format[i + 1]);
      i += 2;
      continue;
    }
    if (c == '\\' && i + 1 < format.size() && format[i + 1] == 't') {
      literal.push_back('\t');
      i += 2;
      continue;
    }
    if (dialect == LogFormatDialect::apache && c == '%') {
      if (i + 1 < format.size() && format[i + 1] == '%') {
        literal.push_back('%');
        i += 2;
        continue;
      }
      const size_t start = i++;
      // Modifiers: `<` `>` (original or final request) and status conditions (`!200,304`).
      while (i < format.size() && (format[i] == '<' || format[i] == '>' || format[i] == '!' || format[i] == ',' ||
                                   (format[i] >= '0' && format[i] <= '9')))
        ++i;
      std::string_view arg;
      if (i < format.size() && format[i] == '{') arg = read_braced(format, i, start);
      if (i >= format.size()) throw_usage(fmt::format("--log-format: incomplete directive {}", format.substr(start)));
      if (format[i] == '^') {
        i = std::min(format.size(), i + 3);  // %{X}^ti, %{X}^to: trailers
        throw_usage(fmt::format("--log-format: unsupported Apache directive {}", format.substr(start, i - start)));
      }
      const char letter = format[i++];
      const std::string directive(format.substr(start, i - start));
      Meaning meaning = apache_meaning(letter, arg, directive);
      flush();
      // Plain %t writes its brackets itself: `[10/Oct/2000:13:55:36 -0700]`.
      const bool bracketed = letter == 't' && arg.empty();
      if (bracketed) add_literal("[");
      add_field(field_step(std::move(meaning), directive));
      if (bracketed) literal = "]";
      continue;
    }
    if (dialect == LogFormatDialect::nginx && c == '$') {
      const size_t start = i++;
      std::string_view variable;
      if (i < format.size() && format[i] == '{') {
        variable = read_braced(format, i, start);
      } else {
        while (i < format.size() && is_variable_char(format[i])) ++i;
        variable = format.substr(start + 1, i - start - 1);
      }
      const std::string directive(format.substr(start, i - start));
      if (variable.empty()) throw_usage(fmt::format("--log-format: expected a variable name after $ in {}", format));
      Meaning meaning = nginx_meaning(variable, directive);
      flush();
      add_field(field_step(std::move(meaning), directive));
      continue;
    }
    literal.push_back(c);
    ++i;
  }
  flush();
  finish();
}

void LogFormat::add_literal(std::string_view text) {
  if (!steps_.empty() && steps_.back().literal) {
    steps_.back().text += text;
    return;
  }
  LogFormatStep step;
  step.literal = true;
  step.text = std::string(text);
  steps_.push_back(std::move(step));
}

void LogFormat::add_field(LogFormatStep field) {
  for (const LogFormatStep& step : steps_) {
    if (!step.literal && step.name == field.name) {
      if (field.type == LogValueType::time)
        throw_usage(
            fmt::format("--log-format: {} and {} are both the time: give one", step.directive, field.directive));
      throw_usage(fmt::format("--log-format: {} and {} both give the field \"{}\"", step.directive, field.directive,
                              field.name));
    }
  }
  steps_.push_back(std::move(field));
}

void LogFormat::finish() {
  // A field between double quotes reads to its closing quote: the quotes move from the
  // literals around it into the field.
  for (size_t i = 0; i < steps_.size(); ++i) {
    if (steps_[i].literal) continue;
    if (i == 0 || i + 1 >= steps_.size() || !steps_[i - 1].literal || !steps_[i + 1].literal) continue;
    std::string& before = steps_[i - 1].text;
    std::string& after = steps_[i + 1].text;
    if (before.empty() || before.back() != '"' || after.empty() || after.front() != '"') continue;
    before.pop_back();
    after.erase(0, 1);
    steps_[i].quoted = true;
  }
  std::vector<LogFormatStep> steps;
  for (LogFormatStep& step : steps_) {
    if (step.literal && step.text.empty()) continue;
    steps.push_back(std::move(step));
  }
  steps_ = std::move(steps);

  bool has_time = false;
  std::string previous;  // the field before, for messages
  for (size_t i = 0; i < steps_.size(); ++i) {
    LogFormatStep& step = steps_[i];
    if (step.literal) {
      step.expectation = previous.empty() ? fmt::format("expected \"{}\" at the start of the line", step.text)
                                          : fmt::format("expected \"{}\" after {}", step.text, previous);
      continue;
    }
    ++field_count_;
    previous = fmt::format("{} ({})", step.name, step.directive);
    if (step.type == LogValueType::time) {
      has_time = true;
      time_step_ = i;
    }
    if (step.quoted) {
      step.expectation = fmt::format("expected a quoted {} ({}) or -", step.name, step.directive);
      step.unclosed = fmt::format("expected the end of the quoted {} ({})", step.name, step.directive);
    } else {
      step.expectation = fmt::format("expected {} ({}): {}", step.name, step.directive, shape_of(step.type));
    }
    if (!step.quoted && i + 1 < steps_.size()) {
      if (!steps_[i + 1].literal)
        throw_usage(fmt::format("--log-format: {} and {} need text between them to tell where one ends", step.directive,
                                steps_[i + 1].directive));
      step.terminator = steps_[i + 1].text;
    }
  }
  if (!has_time) {
    throw_usage(dialect_ == LogFormatDialect::apache
                    ? "--log-format: the format has no time: it needs %t or %{format}t"
                    : "--log-format: the format has no time: it needs $time_local, $time_iso8601 or $msec");
  }
}

}  // namespace ss
