// One input row of ss-top as its model takes it: the window (or, for a session, the
// session's start and end), the key cells as text and the numeric members.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ss/time/timestamp.hpp"

namespace ss {

enum class RowKind {
  window,   ///< ss-window output: window_start, window_end
  session,  ///< ss-sessionize output: start, end
};

struct TopRow {
  RowKind kind = RowKind::window;
  TimeUs start = 0;
  TimeUs end = 0;
  std::vector<std::string> key;  ///< one cell per key field
  /// Numeric members other than the key, in the order of the line; names borrow from
  /// the parsed line (valid until the next row is read).
  std::vector<std::pair<std::string_view, double>> values;
  /// `final` of ss-window --emit update rows; unset for rows without it.
  std::optional<bool> final;
};

}  // namespace ss
