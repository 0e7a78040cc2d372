// Formatted name, client address and agent of recently seen users. Zipf popularity
// means a few thousand users make most events, so formatting each of them once, not on
// every event, takes a good share off the generator's cost.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ss/gen/user_population.hpp"

namespace ss {

class UserTextCache {
 public:
  /// `users` must outlive the cache. Holds at most kMaxSlots users (direct-mapped by id).
  explicit UserTextCache(const UserPopulation& users);

  struct Text {
    std::string_view name;    ///< `u00042`
    std::string_view client;  ///< `81.2.69.160`
    std::string_view agent;
  };

  /// The user's text, formatted on a miss. The views stay valid until the next call.
  Text get(uint32_t id) noexcept;

  static constexpr size_t kMaxSlots = size_t{1} << 14;

 private:
  struct Slot {
    uint32_t id = 0;  ///< 0: empty (ids start at 1)
    uint8_t name_length = 0;
    uint8_t client_length = 0;
    std::string_view agent;
    char text[UserPopulation::kMaxNameLength + UserPopulation::kMaxClientLength];
  };

  const UserPopulation& users_;
  std::vector<Slot> slots_;
  uint32_t mask_;
};

}  // namespace ss
