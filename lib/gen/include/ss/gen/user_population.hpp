// The users of ss-gen: how popular each is, and the attributes a user keeps across all
// its events (name, client address, user agent), all derived from the seed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ss/base/rng.hpp"
#include "ss/gen/zipf_sampler.hpp"

namespace ss {

class UserPopulation {
 public:
  /// Longest text write_name() and write_client() produce.
  static constexpr size_t kMaxNameLength = 12;
  static constexpr size_t kMaxClientLength = 39;

  /// `users` in [1, kMaxGenKeys], Zipf exponent `zipf` >= 0. Popularity ranks are
  /// shuffled over the ids by `seed`, so the most popular user is not always u00001.
  UserPopulation(uint32_t users, double zipf, uint64_t seed);

  uint32_t size() const noexcept { return static_cast<uint32_t>(id_by_rank_.size()); }
  /// A user id in [1, size()], drawn with Zipf popularity.
  uint32_t pick(Rng& rng) const noexcept { return id_by_rank_[popularity_.sample(rng)]; }
  /// The id of the user with popularity rank `rank` (0 is the most popular).
  uint32_t id_of_rank(uint32_t rank) const noexcept { return id_by_rank_[rank]; }
  /// The probability that pick() returns the user of rank `rank`.
  double share_of_rank(uint32_t rank) const noexcept { return popularity_.probability(rank); }

  /// Writes `u00042` (at least five digits, as many as the largest id needs) at `out`;
  /// returns the end. `out` must have room for kMaxNameLength bytes.
  char* write_name(char* out, uint32_t id) const noexcept;
  /// Writes the user's client address: IPv4 for about 95% of users, IPv6 (2001:db8::/32)
  /// for the rest. `out` must have room for kMaxClientLength bytes.
  char* write_client(char* out, uint32_t id) const noexcept;
  /// The user's browser or client (`Mozilla/5.0 ...`, `curl/8.5.0`); no `"` or `\`.
  std::string_view agent(uint32_t id) const noexcept;

  std::string name(uint32_t id) const;
  std::string client(uint32_t id) const;

 private:
  uint64_t attributes(uint32_t id) const noexcept { return mix64(attribute_seed_ ^ id); }

  ZipfSampler popularity_;
  std::vector<uint32_t> id_by_rank_;
  uint64_t attribute_seed_;
  int name_digits_;
};

}  // namespace ss
