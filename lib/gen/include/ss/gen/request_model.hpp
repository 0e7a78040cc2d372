// What a synthetic request asks for and what it gets: a fixed table of ~200 paths with
// Zipf popularity, and per kind of path the method, status, body size (log-normal) and
// latency (log-normal with a Pareto tail) a real web application would show.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ss/base/rng.hpp"
#include "ss/gen/gen_event.hpp"
#include "ss/gen/zipf_sampler.hpp"

namespace ss {

enum class PathKind : uint8_t { page, static_file, api, login, logout };

/// Where an event falls in its session; sessions tend to start at /login or / and
/// sometimes end at /logout.
enum class SessionPosition : uint8_t { first, middle, last };

class RequestModel {
 public:
  RequestModel();

  /// Draws path, method, status, bytes and latency of `event` from `rng`; leaves the
  /// other members alone.
  void fill(Rng& rng, SessionPosition position, GenEvent& event) const noexcept;

  size_t path_count() const noexcept { return paths_.size(); }
  /// The request path of index `i` (`/api/items/17`); no `"`, `\` or space.
  std::string_view path(uint16_t i) const noexcept { return paths_[i].text; }
  PathKind kind(uint16_t i) const noexcept { return paths_[i].kind; }

 private:
  struct Path {
    std::string text;
    PathKind kind;
    uint32_t size;  ///< body size of a static file (the same on every 200)
  };

  void fill_page(Rng& rng, GenEvent& event) const noexcept;
  void fill_static(Rng& rng, const Path& path, GenEvent& event) const noexcept;
  void fill_api(Rng& rng, GenEvent& event) const noexcept;
  void fill_login(Rng& rng, GenEvent& event) const noexcept;

  std::vector<Path> paths_;  ///< in order of popularity
  ZipfSampler popularity_;
  uint16_t home_ = 0;
  uint16_t login_ = 0;
  uint16_t logout_ = 0;
};

}  // namespace ss
