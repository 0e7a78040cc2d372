#include "ss/gen/event_formatter.hpp"

#include "char_out.hpp"
#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

namespace {

using gen_detail::put_millis;
using gen_detail::put_text;
using gen_detail::put_uint;
using gen_detail::put_uint_padded;

// Room for a whole line: the fixed parts (names, address, method, numbers, punctuation)
// take under 256 bytes, the longest path and agent together under 200.
constexpr size_t kLineRoom = 512;
constexpr size_t kFixedPartRoom = 256;

constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// `01/Nov/2026:00:00:00 +0000`; `t` is at or after 1970 (the options ensure it).
char* put_clf_time(char* out, TimeUs t) noexcept {
  const int64_t secs = t / 1'000'000;
  int64_t y;
  unsigned m, d;
  civil_from_days(secs / 86400, y, m, d);
  const int64_t rem = secs % 86400;
  out = put_uint_padded(out, d, 2);
  *out++ = '/';
  out = put_text(out, kMonths[m - 1]);
  *out++ = '/';
  out = put_uint_padded(out, static_cast<uint64_t>(y), 4);
  *out++ = ':';
  out = put_uint_padded(out, static_cast<uint64_t>(rem / 3600), 2);
  *out++ = ':';
  out = put_uint_padded(out, static_cast<uint64_t>(rem / 60 % 60), 2);
  *out++ = ':';
  out = put_uint_padded(out, static_cast<uint64_t>(rem % 60), 2);
  return put_text(out, " +0000");
}

}  // namespace

void EventFormatter::append(std::string& out, const GenEvent& event) {
  if (format_ == GenFormat::json) {
    append_json(out, event);
  } else {
    append_combined(out, event);
  }
}

void EventFormatter::append_json(std::string& out, const GenEvent& event) {
  out.append("{\"ts\":");
  append_json_time(out, event.ts, 3);
  const std::string_view path = requests_.path(event.path);
  const UserTextCache::Text user = users_.get(event.user);
  SS_ASSERT(kFixedPartRoom + path.size() + user.agent.size() <= kLineRoom);
  char line[kLineRoom];
  char* p = line;
  p = put_text(p, ",\"user\":\"");
  p = put_text(p, user.name);
  p = put_text(p, "\",\"client\":\"");
  p = put_text(p, user.client);
  p = put_text(p, "\",\"method\":\"");
  p = put_text(p, method_name(event.method));
  p = put_text(p, "\",\"path\":\"");
  p = put_text(p, path);
  p = put_text(p, "\",\"status\":");
  p = put_uint(p, event.status);
  p = put_text(p, ",\"bytes\":");
  p = put_uint(p, event.bytes);
  p = put_text(p, ",\"latency_ms\":");
  p = put_millis(p, event.latency_us);
  p = put_text(p, ",\"ua\":\"");
  p = put_text(p, user.agent);
  p = put_text(p, "\"}");
  out.append(line, static_cast<size_t>(p - line));
}

void EventFormatter::append_combined(std::string& out, const GenEvent& event) {
  const std::string_view path = requests_.path(event.path);
  const UserTextCache::Text user = users_.get(event.user);
  SS_ASSERT(kFixedPartRoom + path.size() + user.agent.size() <= kLineRoom);
  char line[kLineRoom];
  char* p = line;
  p = put_text(p, user.client);
  p = put_text(p, " - ");
  p = put_text(p, user.name);
  p = put_text(p, " [");
  p = put_clf_time(p, event.ts);
  p = put_text(p, "] \"");
  p = put_text(p, method_name(event.method));
  *p++ = ' ';
  p = put_text(p, path);
  p = put_text(p, " HTTP/1.1\" ");
  p = put_uint(p, event.status);
  *p++ = ' ';
  if (event.bytes == 0) {
    *p++ = '-';
  } else {
    p = put_uint(p, event.bytes);
  }
  p = put_text(p, " \"-\" \"");
  p = put_text(p, user.agent);
  *p++ = '"';
  out.append(line, static_cast<size_t>(p - line));
}

}  // namespace ss
