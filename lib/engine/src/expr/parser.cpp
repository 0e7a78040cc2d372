// Lexer and recursive-descent parser of the expression language. Precedence, lowest
// first: or; and; not; comparisons (== != < <= > >= =~ !~ in, is null), which do not
// chain; + -; * / %; unary minus.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "node.hpp"
#include "parser.hpp"
#include "ss/base/error.hpp"
#include "ss/base/utf8.hpp"
#include "ss/time/duration.hpp"

namespace ss::expr {

namespace {

enum class Tok {
  end,
  number,
  string,
  duration,
  time,
  name,  ///< a field path or function name (text = the dotted path as written)
  lparen,
  rparen,
  lbracket,
  rbracket,
  comma,
  plus,
  minus,
  star,
  slash,
  percent,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  match,
  not_match,
  kw_and,
  kw_or,
  kw_not,
  kw_in,
  kw_is,
  kw_null,
  kw_true,
  kw_false,
};

struct Token {
  Tok kind = Tok::end;
  size_t column = 0;                  ///< 1-based
  std::string text;                   ///< as written; strings unescaped
  std::vector<std::string> segments;  ///< names: the path's segments
  bool simple = false;                ///< names: one unquoted segment (can be a function)
  double number = 0;
  TimeUs micros = 0;
};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_name_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '@' || c == '$';
}
bool is_name_char(char c) noexcept { return is_name_start(c) || is_digit(c); }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

class Lexer {
 public:
  Lexer(std::string_view text, std::string_view flag) : text_(text), flag_(flag) {}

  [[noreturn]] void fail(size_t column, const std::string& message) const {
    throw_usage(fmt::format("{}: column {}: {}", flag_, column, message));
  }

  Token next() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
    Token t;
    t.column = pos_ + 1;
    if (pos_ >= text_.size()) return t;
    const char c = text_[pos_];
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) return number(t);
    if (c == '"' || c == '\'') return quoted_string(t, c);
    if (is_name_start(c) || c == '`') return name(t);
    const auto two = text_.substr(pos_, 2);
    const auto op = [&](Tok kind, size_t length) {
      t.kind = kind;
      t.text = std::string(text_.substr(pos_, length));
      pos_ += length;
      return t;
    };
    if (two == "==") return op(Tok::eq, 2);
    if (two == "!=" || two == "<>") return op(Tok::ne, 2);
    if (two == "<=") return op(Tok::le, 2);
    if (two == ">=") return op(Tok::ge, 2);
    if (two == "=~") return op(Tok::match, 2);
    if (two == "!~") return op(Tok::not_match, 2);
    if (two == "&&") return op(Tok::kw_and, 2);
    if (two == "||") return op(Tok::kw_or, 2);
    switch (c) {
      case '=': return op(Tok::eq, 1);
      case '<': return op(Tok::lt, 1);
      case '>': return op(Tok::gt, 1);
      case '!': return op(Tok::kw_not, 1);
      case '(': return op(Tok::lparen, 1);
      case ')': return op(Tok::rparen, 1);
      case '[': return op(Tok::lbracket, 1);
      case ']': return op(Tok::rbracket, 1);
      case ',': return op(Tok::comma, 1);
      case '+': return op(Tok::plus, 1);
      case '-': return op(Tok::minus, 1);
      case '*': return op(Tok::star, 1);
      case '/': return op(Tok::slash, 1);
      case '%': return op(Tok::percent, 1);
      default: break;
    }
    fail(t.column, fmt::format("unexpected character '{}'", c));
  }

 private:
  /// Consumes `count` characters matching `pred` exactly, or returns false.
  bool digits(size_t at, size_t count) const noexcept {
    if (at + count > text_.size()) return false;
    for (size_t i = at; i < at + count; ++i)
      if (!is_digit(text_[i])) return false;
    return true;
  }

  Token number(Token& t) {
    const size_t start = pos_;
    // An RFC 3339 time or a date: 2026-11-24T10:00:00Z, 2026-11-24.
    if (digits(start, 4) && start + 10 <= text_.size() && text_[start + 4] == '-' && digits(start + 5, 2) &&
        text_[start + 7] == '-' && digits(start + 8, 2))
      return time_literal(t, start);
    while (pos_ < text_.size() && (is_digit(text_[pos_]) || text_[pos_] == '.')) ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E') &&
        (digits(pos_ + 1, 1) ||
         ((pos_ + 1 < text_.size() && (text_[pos_ + 1] == '+' || text_[pos_ + 1] == '-')) && digits(pos_ + 2, 1)))) {
      pos_ += 2;
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    } else if (pos_ < text_.size() && is_name_start(text_[pos_])) {
      // A duration: 250ms, 5m, 1h30m, 1.5d.
      while (pos_ < text_.size() && (is_name_char(text_[pos_]) || text_[pos_] == '.')) ++pos_;
      t.text = std::string(text_.substr(start, pos_ - start));
      const auto d = parse_duration(t.text);
      if (!d)
        fail(t.column, fmt::format("'{}' is not a number or a duration (units: ns, us, ms, s, m, h, d, w)", t.text));
      t.kind = Tok::duration;
      t.micros = *d;
      return t;
    }
    t.text = std::string(text_.substr(start, pos_ - start));
    const auto [end, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), t.number);
    if (ec != std::errc() || end != t.text.data() + t.text.size())
      fail(t.column, fmt::format("'{}' is not a number", t.text));
    t.kind = Tok::number;
    return t;
  }

  Token time_literal(Token& t, size_t start) {
    pos_ = start + 10;
    if (pos_ < text_.size() && (text_[pos_] == 'T' || text_[pos_] == 't')) {
      ++pos_;
      if (!(digits(pos_, 2) && pos_ + 8 <= text_.size() && text_[pos_ + 2] == ':' && digits(pos_ + 3, 2) &&
            text_[pos_ + 5] == ':' && digits(pos_ + 6, 2)))
        fail(t.column, "a time needs hours, minutes and seconds: 2026-11-24T10:00:00Z");
      pos_ += 8;
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
      }
      if (pos_ < text_.size() && (text_[pos_] == 'Z' || text_[pos_] == 'z')) {
        ++pos_;
      } else if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-') && digits(pos_ + 1, 2) &&
                 pos_ + 6 <= text_.size() && text_[pos_ + 3] == ':' && digits(pos_ + 4, 2)) {
        pos_ += 6;
      } else {
        fail(t.column, "a time needs its offset from UTC: Z or +01:00");
      }
      t.text = std::string(text_.substr(start, pos_ - start));
    } else {
      t.text = std::string(text_.substr(start, 10)) + "T00:00:00Z";
    }
    const auto time = parse_rfc3339(t.text);
    if (!time) fail(t.column, fmt::format("'{}' is not a valid time", text_.substr(start, pos_ - start)));
    t.kind = Tok::time;
    t.micros = *time;
    return t;
  }

  Token quoted_string(Token& t, char quote) {
    ++pos_;
    while (true) {
      if (pos_ >= text_.size()) fail(t.column, "unterminated string");
      const char c = text_[pos_++];
      if (c == quote) break;
      if (c != '\\') {
        t.text.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) fail(t.column, "unterminated string");
      const char e = text_[pos_++];
      switch (e) {
        case 'n': t.text.push_back('\n'); break;
        case 't': t.text.push_back('\t'); break;
        case 'r': t.text.push_back('\r'); break;
        case 'b': t.text.push_back('\b'); break;
        case 'f': t.text.push_back('\f'); break;
        case '/': t.text.push_back('/'); break;
        case '\\': t.text.push_back('\\'); break;
        case '"': t.text.push_back('"'); break;
        case '\'': t.text.push_back('\''); break;
        case 'u': t.text += unicode_escape(t.column); break;
        default:
          // Regex escapes such as \d stay as written, so `path =~ "^/api/\d+"` needs no
          // doubled backslashes.
          t.text.push_back('\\');
          t.text.push_back(e);
      }
    }
    t.kind = Tok::string;
    return t;
  }

  std::string unicode_escape(size_t column) {
    const auto hex4 = [&]() -> uint32_t {
      if (pos_ + 4 > text_.size()) fail(column, "\\u needs four hex digits");
      uint32_t v = 0;
      const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, v, 16);
      if (ec != std::errc() || end != text_.data() + pos_ + 4) fail(column, "\\u needs four hex digits");
      pos_ += 4;
      return v;
    };
    uint32_t cp = hex4();
    if (cp >= 0xD800 && cp < 0xDC00 && text_.substr(pos_, 2) == "\\u") {
      pos_ += 2;
      const uint32_t low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) fail(column, "unpaired surrogate in \\u escape");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      fail(column, "unpaired surrogate in \\u escape");
    }
    std::string out;
    append_utf8(out, cp);
    return out;
  }

  Token name(Token& t) {
    const size_t start = pos_;
    while (true) {
      std::string segment;
      if (pos_ < text_.size() && text_[pos_] == '`') {
        const size_t close = text_.find('`', pos_ + 1);
        if (close == std::string_view::npos) fail(pos_ + 1, "unterminated `quoted` field name");
        segment = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
        if (segment.empty()) fail(pos_ + 1, "empty field name");
        pos_ = close + 1;
      } else if (pos_ < text_.size() &&
                 (is_name_start(text_[pos_]) || (!t.segments.empty() && is_digit(text_[pos_])))) {
        const size_t s = pos_;
        while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
        segment = std::string(text_.substr(s, pos_ - s));
      } else {
        fail(pos_ + 1, "expected a field name after '.'");
      }
      t.segments.push_back(std::move(segment));
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        continue;
      }
      break;
    }
    t.text = std::string(text_.substr(start, pos_ - start));
    t.simple = t.segments.size() == 1 && text_[start] != '`';
    t.kind = Tok::name;
    if (t.simple) {
      const std::string word = lower_ascii(t.text);
      if (word == "and") t.kind = Tok::kw_and;
      else if (word == "or") t.kind = Tok::kw_or;
      else if (word == "not") t.kind = Tok::kw_not;
      else if (word == "in") t.kind = Tok::kw_in;
      else if (word == "is") t.kind = Tok::kw_is;
      else if (word == "null") t.kind = Tok::kw_null;
      else if (word == "true") t.kind = Tok::kw_true;
      else if (word == "false") t.kind = Tok::kw_false;
    }
    return t;
  }

  std::string_view text_;
  std::string_view flag_;
  size_t pos_ = 0;
};

std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::end: return "end of expression";
    case Tok::string: return fmt::format("string \"{}\"", t.text);
    case Tok::name: return fmt::format("'{}'", t.text);
    default: return fmt::format("'{}'", t.text);
  }
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view flag, EvalStatus& status, std::vector<FieldPath>* fields)
      : lexer_(text, flag), flag_(flag), status_(status), fields_(fields) {
    advance();
  }

  NodePtr parse_all() {
    NodePtr root = parse_or();
    if (tok_.kind != Tok::end) fail_expected("an operator or the end of the expression");
    return root;
  }

 private:
  void advance() { tok_ = lexer_.next(); }

  // Nesting is bounded so that no input can exhaust the stack: parsing, evaluating,
  // printing and freeing a tree all recurse once per level. A chained operator counts
  // one level, a parenthesis or call eight (the parse functions it recurses through).
  static constexpr int kMaxNesting = 200;
  static constexpr int kRecursion = 8;
  /// Restores the nesting count when a parse function returns.
  struct NestingScope {
    int& depth;
    const int saved;
    explicit NestingScope(int& d) : depth(d), saved(d) {}
    ~NestingScope() { depth = saved; }
  };
  void nest(int weight = 1) {
    depth_ += weight;
    if (depth_ > kMaxNesting)
      lexer_.fail(tok_.column,
                  "the expression nests too deeply (operators, parentheses and calls more than 200 levels "
                  "down, counting a parenthesis or call as 8)");
  }

  [[noreturn]] void fail_expected(std::string_view what) const {
    lexer_.fail(tok_.column, fmt::format("expected {}, found {}", what, describe(tok_)));
  }

  /// Runs a node constructor, turning its CompileError into a usage error at `column`.
  template <class F>
  NodePtr build(size_t column, F f) const {
    try {
      return f();
    } catch (const CompileError& e) {
      lexer_.fail(column, e.message);
    }
  }

  NodePtr parse_or() {
    NestingScope scope(depth_);
    NodePtr left = parse_and();
    while (tok_.kind == Tok::kw_or) {
      nest();
      advance();
      left = make_binary(BinaryOp::logical_or, std::move(left), parse_and());
    }
    return left;
  }

  NodePtr parse_and() {
    NestingScope scope(depth_);
    NodePtr left = parse_not();
    while (tok_.kind == Tok::kw_and) {
      nest();
      advance();
      left = make_binary(BinaryOp::logical_and, std::move(left), parse_not());
    }
    return left;
  }

  NodePtr parse_not() {
    NestingScope scope(depth_);
    if (tok_.kind == Tok::kw_not) {
      nest();
      advance();
      return make_not(parse_not());
    }
    return parse_comparison();
  }

  NodePtr parse_comparison() {
    NodePtr left = parse_additive();
    const size_t column = tok_.column;
    std::optional<BinaryOp> op;
    switch (tok_.kind) {
      case Tok::eq: op = BinaryOp::eq; break;
      case Tok::ne: op = BinaryOp::ne; break;
      case Tok::lt: op = BinaryOp::lt; break;
      case Tok::le: op = BinaryOp::le; break;
      case Tok::gt: op = BinaryOp::gt; break;
      case Tok::ge: op = BinaryOp::ge; break;
      case Tok::match:
      case Tok::not_match: {
        const bool negated = tok_.kind == Tok::not_match;
        advance();
        if (tok_.kind != Tok::string) fail_expected("a regular expression in quotes");
        std::string pattern = tok_.text;
        advance();
        return build(column, [&] { return make_match(std::move(left), std::move(pattern), negated, status_); });
      }
      case Tok::kw_is: {
        advance();
        bool negated = false;
        if (tok_.kind == Tok::kw_not) {
          negated = true;
          advance();
        }
        if (tok_.kind != Tok::kw_null) fail_expected(negated ? "null after 'is not'" : "null or not null after 'is'");
        advance();
        return make_is_null(std::move(left), negated);
      }
      case Tok::kw_not:
        advance();
        if (tok_.kind != Tok::kw_in) fail_expected("'in' after 'not'");
        advance();
        return make_in(std::move(left), parse_list(), true);
      case Tok::kw_in: advance(); return make_in(std::move(left), parse_list(), false);
      default: return left;
    }
    advance();
    NodePtr right = parse_additive();
    return make_binary(*op, std::move(left), std::move(right));
  }

  std::vector<NodePtr> parse_list() {
    // `[a, b]` as in jq, or `(a, b)` as in SQL.
    NestingScope scope(depth_);
    nest(kRecursion);
    const Tok close = tok_.kind == Tok::lbracket ? Tok::rbracket : Tok::rparen;
    if (tok_.kind != Tok::lbracket && tok_.kind != Tok::lparen) fail_expected("a list such as [1, 2] after 'in'");
    advance();
    std::vector<NodePtr> items;
    if (tok_.kind != close) {
      while (true) {
        items.push_back(parse_or());
        if (tok_.kind == Tok::comma) {
          advance();
          continue;
        }
        break;
      }
    }
    if (tok_.kind != close) fail_expected(close == Tok::rbracket ? "',' or ']'" : "',' or ')'");
    advance();
    return items;
  }

  NodePtr parse_additive() {
    NestingScope scope(depth_);
    NodePtr left = parse_multiplicative();
    while (tok_.kind == Tok::plus || tok_.kind == Tok::minus) {
      nest();
      const BinaryOp op = tok_.kind == Tok::plus ? BinaryOp::add : BinaryOp::sub;
      advance();
      left = make_binary(op, std::move(left), parse_multiplicative());
    }
    return left;
  }

  NodePtr parse_multiplicative() {
    NestingScope scope(depth_);
    NodePtr left = parse_unary();
    while (tok_.kind == Tok::star || tok_.kind == Tok::slash || tok_.kind == Tok::percent) {
      nest();
      const BinaryOp op =
          tok_.kind == Tok::star ? BinaryOp::mul : (tok_.kind == Tok::slash ? BinaryOp::div : BinaryOp::mod);
      advance();
      left = make_binary(op, std::move(left), parse_unary());
    }
    return left;
  }

  NodePtr parse_unary() {
    NestingScope scope(depth_);
    if (tok_.kind == Tok::minus) {
      nest();
      advance();
      // Fold `-5` and `-5m` into literals, so the canonical form of a negative
      // literal is the literal itself.
      if (tok_.kind == Tok::number) {
        const double n = -tok_.number;
        advance();
        return std::make_unique<LiteralNode>(ExprValue::of_number(n));
      }
      if (tok_.kind == Tok::duration && tok_.micros != INT64_MIN) {
        const TimeUs d = -tok_.micros;
        advance();
        return std::make_unique<LiteralNode>(ExprValue::of_duration(d));
      }
      NodePtr operand = parse_unary();
      // `--5` too: a minus over a number or duration literal is a literal, so that
      // the canonical form, which prints it as one, compiles to the same tree.
      if (const auto* literal = dynamic_cast<const LiteralNode*>(operand.get())) {
        const ExprValue& v = literal->value();
        if (v.type == ExprType::number) return std::make_unique<LiteralNode>(ExprValue::of_number(-v.number));
        if (v.type == ExprType::duration && v.micros != INT64_MIN)
          return std::make_unique<LiteralNode>(ExprValue::of_duration(-v.micros));
      }
      return make_negate(std::move(operand));
    }
    return parse_primary();
  }

  NodePtr parse_primary() {
    Token t = tok_;
    switch (t.kind) {
      case Tok::number: advance(); return std::make_unique<LiteralNode>(ExprValue::of_number(t.number));
      case Tok::duration: advance(); return std::make_unique<LiteralNode>(ExprValue::of_duration(t.micros));
      case Tok::time: advance(); return std::make_unique<LiteralNode>(ExprValue::of_time(t.micros));
      case Tok::string: advance(); return std::make_unique<LiteralNode>(ExprValue::of_string({}), std::move(t.text));
      case Tok::kw_true: advance(); return std::make_unique<LiteralNode>(ExprValue::of_bool(true));
      case Tok::kw_false: advance(); return std::make_unique<LiteralNode>(ExprValue::of_bool(false));
      case Tok::kw_null: advance(); return std::make_unique<LiteralNode>(ExprValue::null());
      case Tok::lparen: {
        NestingScope scope(depth_);
        nest(kRecursion);
        advance();
        NodePtr inner = parse_or();
        if (tok_.kind != Tok::rparen) fail_expected("')'");
        advance();
        return inner;
      }
      case Tok::name: {
        advance();
        if (tok_.kind == Tok::lparen && t.simple) return parse_call(t);
        FieldPath path(quoted_path(t.segments));
        if (fields_ && std::find(fields_->begin(), fields_->end(), path) == fields_->end()) fields_->push_back(path);
        return std::make_unique<FieldNode>(std::move(path));
      }
      default: fail_expected("a value (a field, a literal or a function call)");
    }
  }

  NodePtr parse_call(const Token& name) {
    const Function* function = find_function(lower_ascii(name.text));
    if (function == nullptr) {
      std::string known;
      for (const Function& f : functions()) {
        if (!known.empty()) known += ", ";
        known += f.name;
      }
      lexer_.fail(name.column, fmt::format("unknown function '{}' (known: {})", name.text, known));
    }
    NestingScope scope(depth_);
    nest(kRecursion);
    advance();  // (
    std::vector<NodePtr> args;
    if (tok_.kind != Tok::rparen) {
      while (true) {
        args.push_back(parse_or());
        if (tok_.kind != Tok::comma) break;
        advance();
      }
    }
    if (tok_.kind != Tok::rparen) fail_expected(fmt::format("',' or ')' in the arguments of {}", function->name));
    advance();
    if (args.size() < function->min_args || args.size() > function->max_args)
      lexer_.fail(name.column,
                  fmt::format("{} takes {}: {}", function->name, arity_text(*function), function->signature));
    return build(name.column, [&] { return make_call(*function, std::move(args), status_); });
  }

  static std::string arity_text(const Function& f) {
    if (f.max_args == SIZE_MAX) return fmt::format("at least {} argument{}", f.min_args, f.min_args == 1 ? "" : "s");
    if (f.min_args == f.max_args) return fmt::format("{} argument{}", f.min_args, f.min_args == 1 ? "" : "s");
    return fmt::format("{} to {} arguments", f.min_args, f.max_args);
  }

  /// The segments as FieldPath's dotted syntax, quoting those that hold a dot.
  static std::string quoted_path(const std::vector<std::string>& segments) {
    std::string out;
    for (size_t i = 0; i < segments.size(); ++i) {
      if (i > 0) out.push_back('.');
      const bool quote = segments[i].find_first_of(".\"") != std::string::npos;
      if (quote) out.push_back('"');
      out += segments[i];
      if (quote) out.push_back('"');
    }
    return out;
  }

  Lexer lexer_;
  std::string_view flag_;
  EvalStatus& status_;
  std::vector<FieldPath>* fields_;  ///< where field references are collected, or null
  int depth_ = 0;                   ///< nesting below the node being parsed, see nest()
  Token tok_;
};

}  // namespace

NodePtr parse_expression(std::string_view text, std::string_view flag, EvalStatus& status,
                         std::vector<FieldPath>* fields) {
  Parser parser(text, flag, status, fields);
  return parser.parse_all();
}

}  // namespace ss::expr
