// Which of the fields a run's flags name (--where, --key, --agg, --set) ever appeared:
// a misspelt name (`--key usr`) otherwise fails silently, putting every event under a
// null key or filtering every event out. Each field is looked up only until it is
// first found, so once all have been seen an event costs one counter increment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ss/json/field_path.hpp"
#include "ss/json/field_source.hpp"

namespace ss {

class FieldPresence {
 public:
  /// Watches `path`, named by `flag` (as `--key`); a path watched already is not added again.
  void watch(const FieldPath& path, std::string flag);

  /// Watches each of the dotted paths in `dotted`.
  void watch_all(const std::vector<std::string>& dotted, const std::string& flag) {
    for (const std::string& d : dotted) watch(FieldPath(d), flag);
  }

  /// One event in which the watched fields were evaluated.
  void observe(FieldSource& event) {
    ++events_;
    if (unseen_ != 0) look_up(event);
  }

  /// The warnings for fields missing in every observed event (none when no event was
  /// observed): `field "usr" (--key) was missing in all 2000 events`.
  std::vector<std::string> warnings() const;

 private:
  struct Watched {
    FieldPath path;
    std::string flag;
    bool seen = false;
  };
  void look_up(FieldSource& event);

  std::vector<Watched> fields_;
  size_t unseen_ = 0;
  uint64_t events_ = 0;
};

}  // namespace ss
