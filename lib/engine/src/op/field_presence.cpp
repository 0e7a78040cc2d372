#include "ss/op/field_presence.hpp"

#include <fmt/format.h>

namespace ss {

void FieldPresence::watch(const FieldPath& path, std::string flag) {
  for (const Watched& w : fields_)
    if (w.path == path) return;
  fields_.push_back(Watched{path, std::move(flag)});
  ++unseen_;
}

void FieldPresence::look_up(FieldSource& event) {
  for (Watched& w : fields_) {
    if (w.seen || event.get(w.path).type == ValueType::missing) continue;
    w.seen = true;
    --unseen_;
  }
}

std::vector<std::string> FieldPresence::warnings() const {
  std::vector<std::string> out;
  if (events_ == 0) return out;
  for (const Watched& w : fields_) {
    if (w.seen) continue;
    out.push_back(fmt::format("field \"{}\" ({}) was missing in all {} event{}", w.path.text(), w.flag, events_,
                              events_ == 1 ? "" : "s"));
  }
  return out;
}

}  // namespace ss
