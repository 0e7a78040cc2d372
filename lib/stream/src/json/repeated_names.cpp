#include "ss/json/repeated_names.hpp"

#include <cstdint>
#include <vector>

#include "ss/base/find_byte.hpp"
#include "ss/base/utf8.hpp"
#include "ss/json/raw_json.hpp"

namespace ss {

bool NameSet::is_new(std::string_view name, uint8_t bucket) const {
  for (size_t i = 0; i < count_ && i < kInline; ++i)
    if (buckets_[i] == bucket && std::string_view(name_data_[i], name_size_[i]) == name) return false;
  for (const std::string_view other : more_)
    if (other == name) return false;
  return true;
}

bool RepeatedNameScreen::may_repeat(std::string_view line) {
  const char* p = line.data();
  const size_t n = line.size();
  names_.clear();
  // Without backslashes every quote opens or closes a string, and a name is a string
  // whose closing quote a colon follows. In compact JSON the colon comes right after
  // it, so the names are found from masks alone: a quote with a colon after it closes
  // a name, and the quote before it opens the name. Only names are visited, not every
  // string: visiting each quote cost a tenth of the time of a nested line.
  size_t last_quote = 0;  // of the blocks before, for a name that starts in one
  bool spaced = false;    // a quote with white space after it: the colon may follow later
  for (size_t base = 0; base < n; base += 64) {
    const char* block = p + base;
    uint64_t quotes = byte_mask64(block, '"');
    uint64_t backslashes = byte_mask64(block, '\\');
    // The colon bit of the byte after each byte, the next block's first byte included.
    const uint64_t colons = byte_mask64(block + 1, ':');
    // JSON's white space, and control characters with it (bytes up to 0x20).
    const uint64_t spaces = byte_mask64(block + 1, ' ', true);
    if (n - base < 64) {
      const uint64_t in_line = (uint64_t{1} << (n - base)) - 1;
      quotes &= in_line;
      backslashes &= in_line;
    }
    if (backslashes != 0) return true;
    spaced |= (quotes & spaces) != 0;
    for (uint64_t ends = quotes & colons; ends != 0; ends &= ends - 1) {
      const unsigned end = static_cast<unsigned>(__builtin_ctzll(ends));
      const uint64_t before = quotes & ((uint64_t{1} << end) - 1);
      const size_t open = before != 0 ? base + 63 - static_cast<size_t>(__builtin_clzll(before)) : last_quote;
      const size_t close = base + end;
      if (!names_.insert(std::string_view(p + open + 1, close - open - 1))) return true;
    }
    if (quotes != 0) last_quote = base + 63 - static_cast<size_t>(__builtin_clzll(quotes));
  }
  // `"name" : value`: rare in logs; the strings are walked one by one.
  return spaced && may_repeat_spaced(line);
}

bool RepeatedNameScreen::may_repeat_spaced(std::string_view line) {
  const char* p = line.data();
  const size_t n = line.size();
  names_.clear();
  size_t open = 0;
  bool in_string = false;
  for (size_t base = 0; base < n; base += 64) {
    uint64_t quotes = byte_mask64(p + base, '"');
    if (n - base < 64) quotes &= (uint64_t{1} << (n - base)) - 1;
    for (; quotes != 0; quotes &= quotes - 1) {
      const size_t at = base + static_cast<size_t>(__builtin_ctzll(quotes));
      in_string = !in_string;
      if (in_string) {
        open = at;
        continue;
      }
      const size_t after = skip_json_space(line, at + 1);
      if (after < n && p[after] == ':' && !names_.insert(std::string_view(p + open + 1, at - open - 1))) return true;
    }
  }
  return false;
}

bool has_repeated_names(simdjson::dom::element element) noexcept {
  simdjson::dom::array array;
  if (element.get_array().get(array) == simdjson::SUCCESS) {
    for (const auto item : array)
      if (has_repeated_names(item)) return true;
    return false;
  }
  simdjson::dom::object object;
  if (element.get_object().get(object) != simdjson::SUCCESS) return false;
  NameSet names;
  for (const auto member : object) {
    if (!names.insert(member.key)) return true;
    const auto type = member.value.type();
    if ((type == simdjson::dom::element_type::OBJECT || type == simdjson::dom::element_type::ARRAY) &&
        has_repeated_names(member.value))
      return true;
  }
  return false;
}

RepeatedNames find_repeated_names(simdjson::ondemand::value value) noexcept {
  using simdjson::ondemand::json_type;
  json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return RepeatedNames::malformed;
  if (type == json_type::array) {
    simdjson::ondemand::array array;
    if (value.get_array().get(array) != simdjson::SUCCESS) return RepeatedNames::malformed;
    RepeatedNames found = RepeatedNames::none;
    for (auto element : array) {
      simdjson::ondemand::value item;
      if (element.get(item) != simdjson::SUCCESS) return RepeatedNames::malformed;
      const RepeatedNames inner = find_repeated_names(item);
      if (inner == RepeatedNames::some || inner == RepeatedNames::malformed) return inner;
      if (inner == RepeatedNames::unsure) found = inner;
    }
    return found;
  }
  if (type != json_type::object) return RepeatedNames::none;  // a scalar, skipped unread
  simdjson::ondemand::object object;
  if (value.get_object().get(object) != simdjson::SUCCESS) return RepeatedNames::malformed;
  NameSet names;
  RepeatedNames found = RepeatedNames::none;
  for (auto member : object) {
    simdjson::ondemand::field field;
    if (std::move(member).get(field) != simdjson::SUCCESS) return RepeatedNames::malformed;
    // The name as written, up to its closing quote: stage 1 has checked the strings, so
    // a name without a backslash ends at the first quote. One with a backslash may equal
    // another only once unescaped (`"\u0061"` is "a"): the DOM decides.
    const char* raw = field.key().raw();
    size_t size = 0;
    bool escaped = false;
    while (raw[size] != '"') escaped |= raw[size++] == '\\';
    if (escaped) {
      found = RepeatedNames::unsure;
    } else if (!names.insert(std::string_view(raw, size))) {
      return RepeatedNames::some;
    }
    const RepeatedNames inner = find_repeated_names(field.value());
    if (inner == RepeatedNames::some || inner == RepeatedNames::malformed) return inner;
    if (inner == RepeatedNames::unsure) found = inner;
  }
  return found;
}

namespace {

/// Appends the text that the JSON string body `body` (between its quotes) denotes.
void append_unescaped(std::string& out, std::string_view body) {
  const auto hex4 = [&](size_t at) -> uint32_t {
    uint32_t v = 0;
    for (size_t k = at; k < at + 4 && k < body.size(); ++k) {
      const char c = body[k];
      v = v * 16 + static_cast<uint32_t>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
  };
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out.push_back(body[i]);
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        uint32_t cp = hex4(i + 1);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < body.size() && body[i + 1] == '\\' && body[i + 2] == 'u') {
          const uint32_t low = hex4(i + 3);
          if (low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default: out.push_back(e); break;  // '"', '\\', '/'
    }
  }
}

/// One member of an object, located in the text.
struct MemberSpan {
  size_t key_begin, key_end;      ///< the name, quotes included
  size_t value_begin, value_end;  ///< the value
  std::string name;               ///< the name unescaped, when written with a backslash
  bool escaped = false;
};

std::string_view name_of(const MemberSpan& m, std::string_view json) {
  return m.escaped ? std::string_view(m.name) : json.substr(m.key_begin + 1, m.key_end - m.key_begin - 2);
}

}  // namespace

bool append_without_repeats(std::string& out, std::string_view json, size_t begin) {
  begin = skip_json_space(json, begin);
  if (begin >= json.size()) return false;
  bool dropped = false;
  if (json[begin] == '{') {
    std::vector<MemberSpan> members;
    for (size_t i = skip_json_space(json, begin + 1); i < json.size() && json[i] == '"';) {
      MemberSpan m;
      m.key_begin = i;
      m.key_end = json_string_end(json, i);
      m.value_begin = skip_json_space(json, skip_json_space(json, m.key_end) + 1);
      m.value_end = json_value_end(json, m.value_begin);
      const std::string_view body = json.substr(m.key_begin + 1, m.key_end - m.key_begin - 2);
      if (find_byte(body, '\\') != std::string_view::npos) {
        m.escaped = true;
        append_unescaped(m.name, body);
      }
      members.push_back(std::move(m));
      i = skip_json_space(json, members.back().value_end);
      if (i < json.size() && json[i] == ',') i = skip_json_space(json, i + 1);
    }
    out.push_back('{');
    bool first = true;
    for (size_t k = 0; k < members.size(); ++k) {
      const std::string_view name = name_of(members[k], json);
      bool later = false;
      for (size_t j = k + 1; j < members.size() && !later; ++j) later = name_of(members[j], json) == name;
      if (later) {
        dropped = true;
        continue;
      }
      if (!first) out.push_back(',');
      first = false;
      out.append(json.substr(members[k].key_begin, members[k].key_end - members[k].key_begin));
      out.push_back(':');
      dropped |= append_without_repeats(out, json, members[k].value_begin);
    }
    out.push_back('}');
  } else if (json[begin] == '[') {
    out.push_back('[');
    bool first = true;
    for (size_t i = skip_json_space(json, begin + 1); i < json.size() && json[i] != ']';) {
      const size_t item_end = json_value_end(json, i);
      if (!first) out.push_back(',');
      first = false;
      dropped |= append_without_repeats(out, json, i);
      i = skip_json_space(json, item_end);
      if (i < json.size() && json[i] == ',') i = skip_json_space(json, i + 1);
      else break;
    }
    out.push_back(']');
  } else {
    out.append(json.substr(begin, json_value_end(json, begin) - begin));
  }
  return dropped;
}

}  // namespace ss
