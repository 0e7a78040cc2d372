#include "ss/gen/user_population.hpp"

#include "char_out.hpp"
#include "ss/base/error.hpp"

namespace ss {

namespace {

using gen_detail::put_hex;
using gen_detail::put_uint;
using gen_detail::put_uint_padded;

// First octets of address blocks that carry real consumer traffic, so addresses look
// like an access log's and never fall into private, loopback or multicast ranges.
constexpr uint8_t kFirstOctets[] = {23,  24,  31,  37,  45,  46,  51,  62,  66,  68,  71,  73,  76,
                                    77,  78,  79,  80,  81,  82,  83,  84,  85,  86,  87,  88,  89,
                                    90,  91,  92,  93,  94,  95,  98,  99,  104, 107, 108, 109, 118,
                                    121, 124, 142, 151, 154, 173, 176, 178, 185, 188, 195, 212, 217};

struct Agent {
  std::string_view text;
  unsigned percent;  ///< share of users
};

constexpr Agent kAgents[] = {
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
     30},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
     "Mobile/15E148 Safari/604.1",
     18},
    {"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile "
     "Safari/537.36",
     14},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
     "Safari/537.36",
     12},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0", 8},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
     "Safari/605.1.15",
     7},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 "
     "Edg/130.0.0.0",
     6},
    {"curl/8.5.0", 2},
    {"python-requests/2.32.3", 2},
    {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 1},
};

constexpr unsigned agent_percent_total() {
  unsigned total = 0;
  for (const auto& a : kAgents) total += a.percent;
  return total;
}
static_assert(agent_percent_total() == 100);

int digits(uint64_t v) {
  int n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

}  // namespace

UserPopulation::UserPopulation(uint32_t users, double zipf, uint64_t seed)
    : popularity_(users, zipf),
      id_by_rank_(users),
      attribute_seed_(mix64(seed ^ 0x75736572ULL)),
      name_digits_(digits(users) > 5 ? digits(users) : 5) {
  SS_ASSERT(users >= 1);
  for (uint32_t r = 0; r < users; ++r) id_by_rank_[r] = r + 1;
  // Fisher-Yates with our own generator, so the shuffle is the same everywhere.
  Rng shuffle(seed, 0x73687566ULL);
  for (uint32_t i = users - 1; i > 0; --i) {
    const auto j = static_cast<uint32_t>(shuffle.below(uint64_t{i} + 1));
    std::swap(id_by_rank_[i], id_by_rank_[j]);
  }
}

char* UserPopulation::write_name(char* out, uint32_t id) const noexcept {
  *out++ = 'u';
  return put_uint_padded(out, id, name_digits_);
}

char* UserPopulation::write_client(char* out, uint32_t id) const noexcept {
  const uint64_t h = attributes(id);
  if ((h >> 40) % 100 < 5) {
    // Documentation prefix, three random non-zero groups: 2001:db8:4f2a:91c::1b3.
    out = put_hex(out, 0x2001);
    *out++ = ':';
    out = put_hex(out, 0xdb8);
    *out++ = ':';
    out = put_hex(out, 1 + (h & 0xffff) % 0xffff);
    *out++ = ':';
    out = put_hex(out, 1 + ((h >> 16) & 0xffff) % 0xffff);
    *out++ = ':';
    *out++ = ':';
    return put_hex(out, 1 + ((h >> 48) & 0xffff) % 0xffff);
  }
  out = put_uint(out, kFirstOctets[(h & 0xffff) % std::size(kFirstOctets)]);
  *out++ = '.';
  out = put_uint(out, (h >> 16) & 0xff);
  *out++ = '.';
  out = put_uint(out, (h >> 24) & 0xff);
  *out++ = '.';
  return put_uint(out, 1 + (h >> 32 & 0xff) % 254);
}

std::string_view UserPopulation::agent(uint32_t id) const noexcept {
  // A different part of the hash than the address uses, so agent and address vary
  // independently.
  unsigned roll = static_cast<unsigned>(mix64(attributes(id)) % 100);
  for (const auto& a : kAgents) {
    if (roll < a.percent) return a.text;
    roll -= a.percent;
  }
  return kAgents[0].text;
}

std::string UserPopulation::name(uint32_t id) const {
  char buf[kMaxNameLength];
  return std::string(buf, write_name(buf, id));
}

std::string UserPopulation::client(uint32_t id) const {
  char buf[kMaxClientLength];
  return std::string(buf, write_client(buf, id));
}

}  // namespace ss
