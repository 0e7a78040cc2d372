#include "ss/ingest/rotation_order.hpp"

#include <algorithm>
#include <map>

#include "ss/ingest/line_text.hpp"

namespace ss {

namespace {

std::string_view without_compression(std::string_view path) {
  for (const std::string_view ext : {".gz", ".zst", ".bz2", ".xz"}) {
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext)
      return path.substr(0, path.size() - ext.size());
  }
  return path;
}

size_t base_start(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? 0 : slash + 1;
}

/// The rotation suffix of `path` (already without compression): its length and age, or
/// length 0 when there is none.
std::pair<size_t, int64_t> rotation_suffix(std::string_view path) {
  const size_t base = base_start(path);
  const std::string_view name = path.substr(base);
  // `-YYYY-MM-DD` (logrotate's dateformat -%Y-%m-%d)
  if (name.size() > 11 && name[name.size() - 11] == '-' && name[name.size() - 3] == '-' &&
      name[name.size() - 6] == '-') {
    const std::string_view date = name.substr(name.size() - 10);
    if (all_digits(date.substr(0, 4)) && all_digits(date.substr(5, 2)) && all_digits(date.substr(8, 2))) {
      const int64_t value =
          std::stoll(std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) + std::string(date.substr(8, 2)));
      return {11, 1'000'000'000'000LL - value};
    }
  }
  const size_t sep = name.find_last_of(".-");
  if (sep == std::string_view::npos || sep == 0) return {0, 0};
  const std::string_view digits = name.substr(sep + 1);
  if (!all_digits(digits) || digits.size() > 14) return {0, 0};
  const int64_t value = std::stoll(std::string(digits));
  // Eight digits or more are a date (dateext): later is newer. Fewer are a count: .1 is
  // newer than .2. A dash only introduces dates.
  if (digits.size() >= 8) return {name.size() - sep, 1'000'000'000'000'000LL - value};
  if (name[sep] == '-') return {0, 0};
  return {name.size() - sep, value};
}

}  // namespace

std::string rotation_chain(std::string_view path) {
  const std::string_view plain = without_compression(path);
  const auto [length, age] = rotation_suffix(plain);
  (void)age;
  return std::string(plain.substr(0, plain.size() - length));
}

int64_t rotation_age(std::string_view path) { return rotation_suffix(without_compression(path)).second; }

void order_rotation_chains(std::vector<RotationInput>& inputs) {
  std::map<std::string, std::vector<size_t>> chains;  // chain -> places of its regular files
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].regular) chains[rotation_chain(inputs[i].path)].push_back(i);
  std::vector<RotationInput> ordered = inputs;
  for (const auto& [chain, places] : chains) {
    std::vector<RotationInput> files;
    for (const size_t i : places) files.push_back(inputs[i]);
    std::stable_sort(files.begin(), files.end(), [](const RotationInput& a, const RotationInput& b) {
      if (a.known != b.known) return a.known;
      if (a.mtime_ns != b.mtime_ns) return a.mtime_ns < b.mtime_ns;
      const int64_t age_a = rotation_age(a.path), age_b = rotation_age(b.path);
      if (age_a != age_b) return age_a > age_b;
      return a.path < b.path;
    });
    for (size_t k = 0; k < places.size(); ++k) ordered[places[k]] = std::move(files[k]);
  }
  inputs = std::move(ordered);
}

}  // namespace ss
