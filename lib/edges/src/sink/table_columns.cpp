#include "ss/sink/table_columns.hpp"

#include <cstdint>

namespace ss {

void TableColumns::lowercase_lookup(std::string_view name) {
  lookup_.assign(name);
  for (char& c : lookup_)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

size_t TableColumns::add(std::string_view name) {
  lowercase_lookup(name);
  const auto it = by_name_.find(lookup_);
  if (it != by_name_.end()) return it->second;
  by_name_.emplace(lookup_, columns_.size());
  columns_.push_back(Column{std::string(name), "", false, false, 0});
  return columns_.size() - 1;
}

bool TableColumns::knows(std::string_view field) { return find(field) != SIZE_MAX; }

size_t TableColumns::find(std::string_view name) {
  lowercase_lookup(name);
  const auto it = by_name_.find(lookup_);
  return it == by_name_.end() ? SIZE_MAX : it->second;
}

void TableColumns::forget_from(size_t count) {
  while (columns_.size() > count) {
    lowercase_lookup(columns_.back().name);
    by_name_.erase(lookup_);
    columns_.pop_back();
  }
  if (unchanged_ > count) unchanged_ = count;
}

}  // namespace ss
