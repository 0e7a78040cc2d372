#include "ss/agg/counted_sum.hpp"

#include "ss/json/json_writer.hpp"

namespace ss {

void CountedSum::save(std::string& out) const {
  out += "{\"n\":";
  append_json_number(out, count_);
  sum_.save_members(out);
  out.push_back('}');
}

void CountedSum::load(const SnapshotValue& state, const char* what) {
  count_ = state.uint64("n");
  sum_ = ExactSum{};
  sum_.load_members(state, what);
}

}  // namespace ss
