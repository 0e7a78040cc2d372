#include "ss/top/top_window.hpp"

#include <algorithm>
#include <cstdint>

namespace ss {

std::string join_key(const std::vector<std::string>& key) {
  // Each cell prefixed with its length: unambiguous whatever bytes the cells hold.
  std::string joined;
  for (const auto& cell : key) {
    const auto size = static_cast<uint32_t>(cell.size());
    joined.append(reinterpret_cast<const char*>(&size), sizeof size);
    joined += cell;
  }
  return joined;
}

double TopWindow::seconds() const { return static_cast<double>(std::max<TimeUs>(end_ - start_, 1)) / 1e6; }

KeyRow& TopWindow::row(const std::vector<std::string>& key) {
  auto [it, inserted] = index_.try_emplace(join_key(key), rows_.size());
  if (inserted) rows_.push_back(KeyRow{key, {}});
  return rows_[it->second];
}

const KeyRow* TopWindow::find(const std::string& joined) const {
  const auto it = index_.find(joined);
  return it == index_.end() ? nullptr : &rows_[it->second];
}

}  // namespace ss
