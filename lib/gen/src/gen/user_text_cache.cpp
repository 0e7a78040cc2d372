#include "ss/gen/user_text_cache.hpp"

namespace ss {

namespace {

size_t slot_count(uint32_t users) {
  size_t n = 1;
  while (n < users && n < UserTextCache::kMaxSlots) n <<= 1;
  return n;
}

}  // namespace

UserTextCache::UserTextCache(const UserPopulation& users)
    : users_(users), slots_(slot_count(users.size())), mask_(static_cast<uint32_t>(slots_.size() - 1)) {}

UserTextCache::Text UserTextCache::get(uint32_t id) noexcept {
  Slot& slot = slots_[id & mask_];
  if (slot.id != id) {
    char* const name_end = users_.write_name(slot.text, id);
    char* const client_end = users_.write_client(name_end, id);
    slot.id = id;
    slot.name_length = static_cast<uint8_t>(name_end - slot.text);
    slot.client_length = static_cast<uint8_t>(client_end - name_end);
    slot.agent = users_.agent(id);
  }
  return {std::string_view(slot.text, slot.name_length),
          std::string_view(slot.text + slot.name_length, slot.client_length), slot.agent};
}

}  // namespace ss
