// A field named the way users write it: `user`, `http.status` (dotted path into
// objects). A name that itself holds a dot is written quoted: `"a.b"`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ss {

class FieldPath {
 public:
  FieldPath() = default;
  /// Throws ss::Error(usage) for an empty path or an empty segment.
  explicit FieldPath(std::string_view dotted);

  const std::string& text() const { return text_; }        ///< as the user wrote it
  const std::string& pointer() const { return pointer_; }  ///< RFC 6901 JSON pointer
  const std::vector<std::string>& segments() const { return segments_; }
  /// The name under which output records carry this field: the last segment.
  const std::string& output_name() const { return segments_.back(); }
  bool operator==(const FieldPath& o) const { return pointer_ == o.pointer_; }

 private:
  std::string text_;
  std::string pointer_;
  std::vector<std::string> segments_;
};

/// Splits `a,b.c,"d,e"` into paths; throws ss::Error(usage) on an empty list.
std::vector<FieldPath> parse_field_list(std::string_view list);

}  // namespace ss
