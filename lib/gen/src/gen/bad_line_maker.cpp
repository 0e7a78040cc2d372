#include "ss/gen/bad_line_maker.hpp"

#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

constexpr std::string_view kBadTimes[] = {"not a time", "2026-13-45T25:61:00Z", "", "yesterday", "31/11/2026 24:00"};
constexpr std::string_view kBadClfTimes[] = {"-", "32/Foo/2026:25:61:00 +0000", "yesterday", ""};
// Text that ends up in access logs without being a request: error-log lines, a proxy's
// banner, a stray dash.
constexpr std::string_view kNotLogLines[] = {
    "upstream timed out (110: Connection timed out) while reading response header from upstream", "-", "GET",
    "*** log rotated ***", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"};

template <typename T, size_t N>
const T& pick(Rng& rng, const T (&items)[N]) {
  return items[rng.below(N)];
}

void append_garbage(Rng& rng, std::string& out) {
  const size_t length = 8 + rng.below(73);
  for (size_t i = 0; i < length; ++i) {
    auto byte = static_cast<char>(rng.below(256));
    // A newline would split the line; a leading `{` could start something parseable.
    if (byte == '\n' || (i == 0 && byte == '{')) byte = '\x7f';
    out.push_back(byte);
  }
}

}  // namespace

BadLineKind BadLineMaker::damage(Rng& rng, std::string_view good, std::string& out) const {
  const auto kind = static_cast<BadLineKind>(rng.below(kBadLineKinds));
  damage(kind, rng, good, out);
  return kind;
}

void BadLineMaker::damage(BadLineKind kind, Rng& rng, std::string_view good, std::string& out) const {
  SS_ASSERT(good.size() >= 2);
  switch (kind) {
    case BadLineKind::truncated:
      // Anything from one byte up to all but the last: a write cut off mid-line.
      out.append(good.substr(0, 1 + rng.below(good.size() - 1)));
      return;
    case BadLineKind::garbage: append_garbage(rng, out); return;
    default: break;
  }
  if (format_ == GenFormat::json) {
    // The line starts `{"ts":"<time>",`: find where the time ends.
    constexpr std::string_view kTsPrefix = "{\"ts\":\"";
    const size_t time_end = good.find('"', kTsPrefix.size());
    SS_ASSERT(good.substr(0, kTsPrefix.size()) == kTsPrefix && time_end != std::string_view::npos);
    switch (kind) {
      case BadLineKind::not_object:
        switch (rng.below(4)) {
          case 0:  // an object wrapped into an array
            out.push_back('[');
            out.append(good);
            out.push_back(']');
            break;
          case 1:  // an object encoded twice, as a JSON string
            append_json_string(out, good);
            break;
          case 2: out.append("null"); break;
          default: out.append("404"); break;
        }
        return;
      case BadLineKind::missing_time:
        out.push_back('{');
        out.append(good.substr(time_end + 2));
        return;
      case BadLineKind::bad_time:
        out.append(kTsPrefix);
        out.append(pick(rng, kBadTimes));
        out.append(good.substr(time_end));
        return;
      default: break;
    }
  } else {
    const size_t open = good.find(" [");
    const size_t close = good.find("] ");
    SS_ASSERT(open != std::string_view::npos && close != std::string_view::npos && open < close);
    switch (kind) {
      case BadLineKind::not_object: out.append(pick(rng, kNotLogLines)); return;
      case BadLineKind::missing_time:
        out.append(good.substr(0, open));
        out.append(good.substr(close + 1));
        return;
      case BadLineKind::bad_time:
        out.append(good.substr(0, open + 2));
        out.append(pick(rng, kBadClfTimes));
        out.append(good.substr(close));
        return;
      default: break;
    }
  }
}

}  // namespace ss
