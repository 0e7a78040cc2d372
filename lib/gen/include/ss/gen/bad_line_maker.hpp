// Damages good lines into the kinds of bad input real logs carry (--bad-lines), so that
// the tools' dead-letter paths get exercised: a line cut short, valid JSON that is not
// an object, an event without its time or with an unreadable one, binary garbage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ss/base/rng.hpp"
#include "ss/gen/gen_options.hpp"

namespace ss {

enum class BadLineKind : uint8_t {
  truncated,     ///< the line cut short
  not_object,    ///< JSON: valid JSON that is not an object; combined: not a log line
  missing_time,  ///< the time field or bracket removed
  bad_time,      ///< the time replaced by text that is not a time
  garbage,       ///< random bytes (never a newline)
};
inline constexpr int kBadLineKinds = 5;

class BadLineMaker {
 public:
  explicit BadLineMaker(GenFormat format) : format_(format) {}

  /// Appends to `out` a bad variant of `good` (one line as EventFormatter writes it, no
  /// newline), of a kind drawn uniformly from `rng`; returns the kind. Never appends a
  /// newline, so the result stays one line.
  BadLineKind damage(Rng& rng, std::string_view good, std::string& out) const;
  /// The same with the kind chosen by the caller.
  void damage(BadLineKind kind, Rng& rng, std::string_view good, std::string& out) const;

 private:
  GenFormat format_;
};

}  // namespace ss
