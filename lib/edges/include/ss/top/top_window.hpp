// One window of ss-top's model (or, for session rows, one bucket): its span and, per
// key, one number per value column (NaN where the key's rows had none).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ss/time/timestamp.hpp"

namespace ss {

struct KeyRow {
  std::vector<std::string> key;  ///< one cell per key field
  std::vector<double> values;    ///< by column of TopModel::columns(); NaN = none
};

class TopWindow {
 public:
  TopWindow(TimeUs start, TimeUs end) : start_(start), end_(end) {}

  TimeUs start() const { return start_; }
  TimeUs end() const { return end_; }
  /// Length in seconds (at least a microsecond), for rates.
  double seconds() const;
  bool closed() const { return closed_; }
  void close() { closed_ = true; }

  /// The row of `key`, created empty (NaN values) when new.
  KeyRow& row(const std::vector<std::string>& key);
  /// The row of `joined` (key cells joined by join_key()), or nullptr.
  const KeyRow* find(const std::string& joined) const;
  const std::vector<KeyRow>& rows() const { return rows_; }

 private:
  TimeUs start_;
  TimeUs end_;
  bool closed_ = false;
  std::vector<KeyRow> rows_;
  std::unordered_map<std::string, size_t> index_;  ///< joined key -> rows_ index
};

/// The key cells as one map key.
std::string join_key(const std::vector<std::string>& key);

}  // namespace ss
