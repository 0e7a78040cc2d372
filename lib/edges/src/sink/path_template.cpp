#include "ss/sink/path_template.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <cstring>
#include <ctime>

#include "ss/base/error.hpp"

namespace ss {

namespace {

constexpr std::string_view kZstdSuffix = ".zst";
constexpr std::string_view kInProgressSuffix = ".inprogress";
// strftime conversions that do not depend on the locale's text or the time zone
// database; %z and %Z give +0000 and UTC since records are placed by UTC time.
constexpr std::string_view kConversions = "aAbBCdDeFgGhHIjklmMpRsSTuUVwWyYzZ";

std::string regex_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != 0 && std::strchr(".^$|()[]{}*+?\\", c) != nullptr) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

void append_sanitized(std::string_view text, std::string& out) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(c == '/' || u < 0x20 || u == 0x7f ? '_' : c);
  }
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::optional<uint64_t> parse_number(const std::string& digits) {
  if (digits.empty() || digits.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (const char c : digits) v = v * 10 + static_cast<uint64_t>(c - '0');
  return v;
}

}  // namespace

PathTemplate::PathTemplate(std::string_view text) : text_(text) {
  if (text.empty()) throw_usage("--to file: the path template is empty");
  if (text.back() == '/') throw_usage("--to file:" + text_ + ": the template must end in a file name");
  std::vector<Component> components(1);
  size_t time_slots = 0;
  auto literal = [&](std::string_view s) {
    Component& c = components.back();
    if (!c.empty() && c.back().kind == Piece::Kind::literal) c.back().text.append(s);
    else c.push_back(Piece{Piece::Kind::literal, std::string(s), 0});
  };
  size_t i = 0;
  if (text[0] == '/') {
    base_ = "/";
    i = 1;
  }
  while (i < text.size()) {
    const char c = text[i];
    if (c == '/') {
      if (components.back().empty())
        throw_usage("--to file:" + text_ + ": empty path component (two slashes in a row)");
      components.emplace_back();
      ++i;
    } else if (c == '%') {
      if (i + 1 >= text.size()) throw_usage("--to file:" + text_ + ": the template ends in a lone %");
      const char conv = text[i + 1];
      if (conv == '%') {
        literal("%");
      } else if (kConversions.find(conv) != std::string_view::npos) {
        components.back().push_back(Piece{Piece::Kind::time, std::string{'%', conv}, time_slots++});
        uses_time_ = true;
      } else {
        throw_usage("--to file:" + text_ + ": unknown time conversion %" + std::string(1, conv) +
                    " (use %Y %m %d %H %M %S %j %F and the like)");
      }
      i += 2;
    } else if (c == '{') {
      if (i + 1 < text.size() && text[i + 1] == '{') {
        literal("{");
        i += 2;
        continue;
      }
      const size_t close = text.find('}', i);
      if (close == std::string_view::npos) throw_usage("--to file:" + text_ + ": unclosed {");
      const std::string_view name = text.substr(i + 1, close - i - 1);
      if (name.find('/') != std::string_view::npos)
        throw_usage("--to file:" + text_ + ": a {field} placeholder cannot hold /");
      components.back().push_back(Piece{Piece::Kind::field, std::string(name), fields_.size()});
      fields_.emplace_back(name);
      i = close + 1;
    } else if (c == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        literal("}");
        i += 2;
        continue;
      }
      throw_usage("--to file:" + text_ + ": unmatched } (write }} for a literal brace)");
    } else {
      literal(text.substr(i, 1));
      ++i;
    }
  }
  time_texts_.resize(time_slots);

  // The last component: <stem><ext>[.zst].
  stem_ = std::move(components.back());
  components.pop_back();
  dirs_ = std::move(components);
  if (!stem_.empty() && stem_.back().kind == Piece::Kind::literal) {
    std::string& tail = stem_.back().text;
    if (tail.size() > kZstdSuffix.size() &&
        tail.compare(tail.size() - kZstdSuffix.size(), kZstdSuffix.size(), kZstdSuffix) == 0) {
      compressed_ = true;
      tail.resize(tail.size() - kZstdSuffix.size());
    }
    const size_t dot = tail.rfind('.');
    // An extension only when something precedes it: `.ndjson` alone is a stem.
    if (dot != std::string::npos && (dot > 0 || stem_.size() > 1)) {
      suffix_ = tail.substr(dot);
      tail.resize(dot);
      if (tail.empty()) stem_.pop_back();
    }
  }
  SS_ASSERT(!stem_.empty());  // an extension is split off only behind another piece
  if (compressed_) suffix_ += kZstdSuffix;

  for (const Component& component : dirs_) {
    const bool plain = component.size() == 1 && component[0].kind == Piece::Kind::literal;
    if (plain) dir_patterns_.emplace_back(std::nullopt);
    else dir_patterns_.emplace_back(std::regex(component_pattern(component)));
  }
  const std::string stem = component_pattern(stem_);
  part_pattern_ = std::regex(stem + "-([0-9]+)-([0-9]+)" + regex_escape(suffix_));
  in_progress_pattern_ =
      std::regex("\\." + stem + "-([0-9]+)" + regex_escape(suffix_) + regex_escape(kInProgressSuffix));
}

std::string PathTemplate::component_pattern(const Component& component) {
  std::string pattern;
  for (const Piece& piece : component)
    pattern += piece.kind == Piece::Kind::literal ? regex_escape(piece.text) : std::string("[^/]*");
  return pattern;
}

void PathTemplate::expand_component(const Component& component, std::string& out) {
  const size_t start = out.size();
  for (const Piece& piece : component) {
    switch (piece.kind) {
      case Piece::Kind::literal: out.append(piece.text); break;
      case Piece::Kind::time: out.append(time_texts_[piece.index]); break;
      case Piece::Kind::field: {
        const FieldValue& value = (*values_)[piece.index];
        append_sanitized(value.present() ? value.text : std::string_view("null"), out);
        break;
      }
    }
  }
  const std::string_view made(out.data() + start, out.size() - start);
  if (made.empty() || made == "." || made == "..") out.insert(start, "_");
}

void PathTemplate::expand(TimeUs time, const std::vector<FieldValue>& values, std::string& dir, std::string& stem) {
  SS_ASSERT(values.size() == fields_.size());
  values_ = &values;
  if (uses_time_) {
    // Floor division: times before 1970 belong to the second that starts before them.
    const int64_t second = time >= 0 ? time / 1000000 : -((-time + 999999) / 1000000);
    if (second != cached_second_) {
      cached_second_ = second;
      const std::time_t t = static_cast<std::time_t>(second);
      std::tm tm{};
      ::gmtime_r(&t, &tm);
      char buf[128];
      auto fill = [&](const Component& component) {
        for (const Piece& piece : component) {
          if (piece.kind != Piece::Kind::time) continue;
          const size_t n = std::strftime(buf, sizeof buf, piece.text.c_str(), &tm);
          std::string& slot = time_texts_[piece.index];
          slot.clear();
          append_sanitized(std::string_view(buf, n), slot);
        }
      };
      for (const Component& component : dirs_) fill(component);
      fill(stem_);
    }
  }
  dir.assign(base_);
  for (size_t i = 0; i < dirs_.size(); ++i) {
    if (i > 0) dir.push_back('/');
    expand_component(dirs_[i], dir);
  }
  stem.clear();
  expand_component(stem_, stem);
}

std::string PathTemplate::literal_root() const {
  std::string root = base_;
  for (size_t i = 0; i < dirs_.size() && !dir_patterns_[i]; ++i) {
    if (!root.empty() && root.back() != '/') root.push_back('/');
    root += dirs_[i][0].text;
  }
  return root;
}

std::string PathTemplate::last_component() const {
  const size_t slash = text_.rfind('/');
  return slash == std::string::npos ? text_ : text_.substr(slash + 1);
}

std::string PathTemplate::part_name(std::string_view stem, uint64_t checkpoint, uint64_t k) const {
  std::string name(stem);
  name += '-';
  name += std::to_string(checkpoint);
  name += '-';
  name += std::to_string(k);
  name += suffix_;
  return name;
}

std::string PathTemplate::in_progress_name(std::string_view stem, uint64_t k) const {
  std::string name = ".";
  name.append(stem);
  name += '-';
  name += std::to_string(k);
  name += suffix_;
  name += kInProgressSuffix;
  return name;
}

void PathTemplate::walk(const std::string& dir, size_t depth, std::vector<TemplateOutput>& found) const {
  const std::string open_dir = dir.empty() ? "." : dir;
  const std::string prefix = dir.empty() || dir.back() == '/' ? dir : dir + "/";
  if (depth < dirs_.size() && !dir_patterns_[depth]) {
    // A literal component: no need to list the parent.
    const std::string next = prefix + dirs_[depth][0].text;
    if (is_directory(next)) walk(next, depth + 1, found);
    return;
  }
  DIR* handle = ::opendir(open_dir.c_str());
  if (handle == nullptr) return;
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(handle);
  std::smatch m;
  for (const std::string& name : names) {
    const std::string path = prefix + name;
    if (depth < dirs_.size()) {
      if (std::regex_match(name, *dir_patterns_[depth]) && is_directory(path)) walk(path, depth + 1, found);
      continue;
    }
    if (std::regex_match(name, m, part_pattern_)) {
      const auto id = parse_number(m[1].str());
      if (id) found.push_back(TemplateOutput{path, false, *id});
    } else if (std::regex_match(name, m, in_progress_pattern_)) {
      found.push_back(TemplateOutput{path, true, 0});
    }
  }
}

std::vector<TemplateOutput> PathTemplate::existing_outputs() const {
  std::vector<TemplateOutput> found;
  walk(base_, 0, found);
  return found;
}

}  // namespace ss
