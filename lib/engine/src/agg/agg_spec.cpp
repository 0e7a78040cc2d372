#include "ss/agg/agg_spec.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "ss/agg/agg_registry.hpp"
#include "ss/base/error.hpp"
#include "ss/expr/expression.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters that end a bare (unquoted) word.
bool ends_word(char c) noexcept { return is_space(c) || c == ',' || c == '(' || c == ')' || c == '=' || c == '"'; }

std::string known_functions() {
  std::string names;
  for (const AggFunction& f : agg_functions()) {
    if (!names.empty()) names += ", ";
    names += f.name;
  }
  return names;
}

std::string format_param(double v) {
  std::string s;
  append_json_number(s, v);
  return s;
}

// Recursive descent over `name=fn(arg, ...), ...`, with positions for messages.
class SpecParser {
 public:
  explicit SpecParser(std::string_view text) : text_(text) {}

  std::vector<AggSpec> parse() {
    std::vector<AggSpec> specs;
    std::vector<size_t> starts;
    skip_space();
    if (at_end()) fail(pos_, "no aggregates given");
    for (;;) {
      skip_space();
      starts.push_back(pos_);
      specs.push_back(parse_spec());
      skip_space();
      if (at_end()) break;
      if (peek() != ',') fail(pos_, fmt::format("unexpected '{}' after an aggregate (expected ',')", peek()));
      ++pos_;
      skip_space();
      if (at_end()) fail(pos_, "empty aggregate after ','");
    }
    for (size_t i = 0; i < specs.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (specs[i].output_name == specs[j].output_name) {
          fail(starts[i], fmt::format("duplicate output name '{}' (also at column {}); name one of them with "
                                      "'name=...'",
                                      specs[i].output_name, starts[j] + 1));
        }
      }
    }
    return specs;
  }

 private:
  struct Word {
    std::string text;
    bool quoted = false;
    size_t start = 0;
  };

  [[noreturn]] void fail(size_t at, const std::string& problem) const {
    throw_usage(fmt::format("--agg '{}': {} (column {})", text_, problem, at + 1));
  }

  bool at_end() const noexcept { return pos_ >= text_.size(); }
  char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }
  void skip_space() noexcept {
    while (!at_end() && is_space(text_[pos_])) ++pos_;
  }

  // A double-quoted string (`\"` and `\\` escape) or a bare run of word characters.
  Word read_word() {
    Word w;
    w.start = pos_;
    if (peek() != '"') {
      while (!at_end() && !ends_word(text_[pos_])) w.text.push_back(text_[pos_++]);
      return w;
    }
    w.quoted = true;
    ++pos_;
    for (;;) {
      if (at_end()) fail(w.start, "unterminated quoted name");
      const char c = text_[pos_++];
      if (c == '"') break;
      if (c == '\\') {
        if (at_end() || (text_[pos_] != '"' && text_[pos_] != '\\')) {
          fail(pos_ - 1, "bad escape in quoted name (only \\\" and \\\\ are allowed)");
        }
        w.text.push_back(text_[pos_++]);
      } else {
        w.text.push_back(c);
      }
    }
    return w;
  }

  AggSpec parse_spec() {
    const size_t start = pos_;
    if (at_end() || peek() == ',') fail(pos_, "empty aggregate");
    Word first = read_word();
    skip_space();
    AggSpec spec;
    Word fn;
    bool named = false;
    if (peek() == '=') {
      if (first.text.empty()) fail(first.start, "empty output name before '='");
      spec.output_name = first.text;
      named = true;
      ++pos_;
      skip_space();
      fn = read_word();
      skip_space();
    } else {
      fn = std::move(first);
    }
    if (fn.quoted || fn.text.empty()) {
      fail(fn.start, named ? "expected a function name after '='" : "expected a function name or 'name='");
    }
    spec.function = find_agg_function(fn.text);
    if (spec.function == nullptr) {
      fail(fn.start, fmt::format("unknown function '{}'; known functions: {}", fn.text, known_functions()));
    }
    std::vector<Word> args;
    if (spec.function->conditional) {
      parse_conditional_arguments(spec, fn.start);
    } else if (peek() == '(') {
      ++pos_;
      skip_space();
      if (peek() == ')') {
        ++pos_;
      } else {
        for (;;) {
          skip_space();
          if (at_end() || peek() == ',' || peek() == ')') fail(pos_, "empty argument");
          args.push_back(read_word());
          skip_space();
          if (at_end()) fail(pos_, "missing ')'");
          if (peek() == ',') {
            ++pos_;
            continue;
          }
          if (peek() == ')') {
            ++pos_;
            break;
          }
          fail(pos_, fmt::format("unexpected '{}' in arguments (quote names that hold spaces, commas, "
                                 "parentheses or '=' in double quotes)",
                                 peek()));
        }
      }
    }
    spec.text = std::string(text_.substr(start, pos_ - start));
    if (!spec.function->conditional) check_arguments(spec, args, fn.start);
    if (!named) {
      spec.output_name = std::string(spec.function->name);
      if (!spec.field.empty()) {
        spec.output_name += '_';
        for (const char c : spec.field) spec.output_name.push_back(c == '.' ? '_' : c);
      }
    }
    return spec;
  }

  // `countif(EXPR)`, `sumif(field, EXPR)`: the condition runs to the parenthesis that
  // closes the call, skipping quoted text and nested brackets.
  void parse_conditional_arguments(AggSpec& spec, size_t fn_start) {
    const AggFunction& f = *spec.function;
    if (peek() != '(') fail(fn_start, fmt::format("{} takes {}", f.name, f.signature));
    ++pos_;
    skip_space();
    if (f.field == AggFieldUse::required) {
      if (at_end() || peek() == ',' || peek() == ')') fail(pos_, "empty field name");
      spec.field = read_word().text;
      skip_space();
      if (peek() != ',') fail(pos_, fmt::format("{} takes {}", f.name, f.signature));
      ++pos_;
    }
    const size_t begin = pos_;
    int depth = 0;
    char quote = 0;
    for (; !at_end(); ++pos_) {
      const char c = text_[pos_];
      if (quote != 0) {
        if (c == '\\') ++pos_;
        else if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '(' || c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      } else if (c == ')') {
        if (depth == 0) break;
        --depth;
      }
    }
    if (at_end()) fail(begin, fmt::format("missing ')' after the condition of {}", f.name));
    const std::string_view condition = text_.substr(begin, pos_ - begin);
    ++pos_;
    spec.condition = compile_condition(condition, fmt::format("--agg {}", f.name)).canonical();
  }

  void check_arguments(AggSpec& spec, const std::vector<Word>& args, size_t fn_start) const {
    const AggFunction& f = *spec.function;
    size_t min_args = f.field == AggFieldUse::required ? 1 : 0;
    for (const AggParam& p : f.params) min_args += p.required ? 1 : 0;
    const size_t max_args = 1 + f.params.size();
    if (args.size() < min_args || args.size() > max_args) {
      fail(fn_start, fmt::format("{} takes {}, got {} argument{}", f.name, f.signature, args.size(),
                                 args.size() == 1 ? "" : "s"));
    }
    if (!args.empty()) {
      if (args[0].text.empty()) fail(args[0].start, "empty field name");
      spec.field = args[0].text;
    }
    for (size_t i = 0; i < f.params.size(); ++i) {
      const AggParam& p = f.params[i];
      if (i + 1 >= args.size()) {
        spec.numeric_params.push_back(p.default_value);
        continue;
      }
      const Word& arg = args[i + 1];
      double v = 0;
      const char* const begin = arg.text.data();
      const char* const end = begin + arg.text.size();
      const auto [ptr, ec] = std::from_chars(begin, end, v);
      if (arg.quoted || ec != std::errc() || ptr != end || !std::isfinite(v)) {
        fail(arg.start, fmt::format("{} of {} must be a number, got '{}'", p.name, f.name, arg.text));
      }
      if (v < p.min_value || v > p.max_value || (p.integer && v != std::floor(v))) {
        fail(arg.start, fmt::format("{} of {} must be {} between {} and {}, got {}", p.name, f.name,
                                    p.integer ? "a whole number" : "a number", format_param(p.min_value),
                                    format_param(p.max_value), arg.text));
      }
      spec.numeric_params.push_back(v);
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// A name as the parser reads it back: bare when it can be, else quoted.
void append_name(std::string& out, std::string_view name) {
  bool bare = !name.empty();
  for (const char c : name) bare = bare && !ends_word(c) && c != '\\';
  if (bare) {
    out += name;
    return;
  }
  out.push_back('"');
  for (const char c : name) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace

std::vector<AggSpec> parse_agg_specs(std::string_view text) { return SpecParser(text).parse(); }

std::string canonical_agg_text(const AggSpec& spec) {
  SS_ASSERT(spec.function != nullptr);
  std::string out;
  append_name(out, spec.output_name);
  out.push_back('=');
  out += spec.function->name;
  if (spec.field.empty() && spec.numeric_params.empty() && spec.condition.empty()) return out;
  out.push_back('(');
  if (!spec.field.empty() || spec.condition.empty()) append_name(out, spec.field);
  if (!spec.condition.empty()) {
    if (!spec.field.empty()) out.push_back(',');
    out += spec.condition;
  }
  for (const double p : spec.numeric_params) {
    out.push_back(',');
    append_json_number(out, p);
  }
  out.push_back(')');
  return out;
}

std::string canonical_agg_text(const std::vector<AggSpec>& specs) {
  std::string out;
  for (const AggSpec& s : specs) {
    if (!out.empty()) out.push_back(',');
    out += canonical_agg_text(s);
  }
  return out;
}

}  // namespace ss
