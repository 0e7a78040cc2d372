// --rename, --fields and --drop of ss-ingest: a rewrite of the top-level members of an
// event object that copies every kept value byte for byte (no re-serialisation).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ss {

class FieldTransform {
 public:
  /// `rename` pairs are old → new; `keep` (empty: keep all) and `drop` name fields after
  /// renaming. `keep` always keeps `ts`. Names are top-level member names.
  FieldTransform(std::vector<std::pair<std::string, std::string>> rename, std::vector<std::string> keep,
                 std::vector<std::string> drop);

  /// True when there is nothing to do: events pass through untouched.
  bool empty() const { return rename_.empty() && keep_.empty() && drop_.empty(); }

  /// Appends `object` with the transforms applied to `out`. Members keep their order; a
  /// renamed member takes the place of the old one, and an existing member with the new
  /// name is removed. `object` must be one valid JSON object (as the parsers write it);
  /// returns false, appending nothing, when it is not an object.
  bool apply(std::string_view object, std::string& out);

 private:
  struct Member {
    std::string_view key;    ///< as written, between the quotes (escapes kept)
    std::string_view value;  ///< raw JSON text
  };
  /// Names in their JSON-escaped form (what appears between the quotes).
  static std::string escaped(std::string_view name);
  const std::string* renamed(std::string_view key) const;
  bool kept(std::string_view key) const;

  std::vector<std::pair<std::string, std::string>> rename_;  ///< escaped old, escaped new
  std::vector<std::string> keep_;
  std::vector<std::string> drop_;
  std::vector<Member> members_;  ///< reused per call
};

}  // namespace ss
