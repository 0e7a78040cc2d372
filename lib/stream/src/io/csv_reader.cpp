#include "ss/io/csv_reader.hpp"

#include <cstring>

#include <fmt/format.h>

#include "ss/base/error.hpp"

namespace ss {

bool CsvReader::next() {
  for (;;) {
    if (pos_ >= data_.size()) return false;
    record_line_ = line_;
    if (data_[pos_] == '\n' || (data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n')) {
      pos_ += data_[pos_] == '\n' ? 1 : 2;
      ++line_;
      continue;
    }
    break;
  }
  scratch_.clear();
  bounds_.clear();
  for (;;) {
    const size_t start = scratch_.size();
    bool end_of_record = false;
    if (pos_ < data_.size() && data_[pos_] == '"') {
      ++pos_;
      for (;;) {
        const char* q = static_cast<const char*>(std::memchr(data_.data() + pos_, '"', data_.size() - pos_));
        if (!q) throw_data(fmt::format("{}:{}: unterminated quoted field", name_, record_line_));
        const size_t qpos = static_cast<size_t>(q - data_.data());
        const std::string_view chunk = data_.substr(pos_, qpos - pos_);
        for (char c : chunk)
          if (c == '\n') ++line_;
        scratch_.append(chunk);
        pos_ = qpos + 1;
        if (pos_ < data_.size() && data_[pos_] == '"') {
          scratch_.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      if (pos_ < data_.size() && data_[pos_] == '\r') ++pos_;
      if (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\n')
        throw_data(fmt::format("{}:{}: unexpected text after a quoted field", name_, line_));
    } else {
      size_t end = pos_;
      while (end < data_.size() && data_[end] != ',' && data_[end] != '\n') ++end;
      size_t stop = end;
      if (stop > pos_ && data_[stop - 1] == '\r' && (stop == data_.size() || data_[stop] == '\n')) --stop;
      scratch_.append(data_.substr(pos_, stop - pos_));
      pos_ = end;
    }
    bounds_.push_back({start, scratch_.size()});
    if (pos_ >= data_.size()) {
      end_of_record = true;
    } else if (data_[pos_] == '\n') {
      ++pos_;
      ++line_;
      end_of_record = true;
    } else {
      ++pos_;  // the comma
    }
    if (end_of_record) break;
  }
  fields_.clear();
  for (const auto& [b, e] : bounds_) fields_.emplace_back(scratch_.data() + b, e - b);
  return true;
}

}  // namespace ss
