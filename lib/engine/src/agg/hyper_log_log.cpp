#include "ss/agg/hyper_log_log.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "ss/agg/agg_state.hpp"

namespace ss {

namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void append_base64(std::string& out, const uint8_t* data, size_t size) {
  size_t i = 0;
  for (; i + 3 <= size; i += 3) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    out.push_back(kBase64[v >> 18]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(kBase64[(v >> 6) & 63]);
    out.push_back(kBase64[v & 63]);
  }
  if (i < size) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (i + 1 < size ? uint32_t{data[i + 1]} << 8 : 0);
    out.push_back(kBase64[v >> 18]);
    out.push_back(kBase64[(v >> 12) & 63]);
    out.push_back(i + 1 < size ? kBase64[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
}

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Decodes padded base64 of exactly `size` bytes; false on anything else.
bool decode_base64(std::string_view text, uint8_t* out, size_t size) {
  if (text.size() != (size + 2) / 3 * 4) return false;
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = text[i + j];
      int d = 0;
      if (c == '=' && i + 4 == text.size() && j >= 2) {
        ++pad;
      } else if (pad > 0 || (d = base64_value(c)) < 0) {
        return false;
      }
      v = (v << 6) | static_cast<uint32_t>(d);
    }
    for (int j = 0; j < 3 - pad; ++j) {
      if (n == size) return false;
      out[n++] = static_cast<uint8_t>(v >> (16 - 8 * j));
    }
  }
  return n == size;
}

// Ertl's sigma and tau series (Algorithm 6 of the paper), iterated until the sum stops
// changing in double precision.
double sigma(double x) {
  if (x == 1.0) return std::numeric_limits<double>::infinity();
  double y = 1;
  double z = x;
  double previous;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (z != previous);
  return z;
}

double tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1.0;
  double z = 1 - x;
  double previous;
  do {
    x = std::sqrt(x);
    previous = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
  } while (z != previous);
  return z / 3;
}

}  // namespace

HyperLogLog::HyperLogLog(const HyperLogLog& other) : sparse_(other.sparse_) {
  if (other.dense_) {
    dense_ = std::make_unique<uint8_t[]>(kRegisters);
    std::memcpy(dense_.get(), other.dense_.get(), kRegisters);
  }
}

HyperLogLog& HyperLogLog::operator=(const HyperLogLog& other) {
  if (this != &other) *this = HyperLogLog(other);
  return *this;
}

void HyperLogLog::to_dense() {
  if (dense_) return;
  dense_ = std::make_unique<uint8_t[]>(kRegisters);  // zeroed
  for (const uint32_t e : sparse_) dense_[e >> 8] = static_cast<uint8_t>(e & 0xff);
  sparse_.clear();
  sparse_.shrink_to_fit();
}

void HyperLogLog::add_hash(uint64_t hash) {
  const auto index = static_cast<uint32_t>(hash >> (64 - kPrecision));
  const uint64_t rest = hash << kPrecision;
  // The rank is the position of the first 1 bit in the remaining 50 bits, or 51 when
  // they are all zero.
  const auto rank = static_cast<uint8_t>(rest == 0 ? kMaxRank : std::countl_zero(rest) + 1);
  if (dense_) {
    dense_[index] = std::max(dense_[index], rank);
    return;
  }
  const uint32_t entry = (index << 8) | rank;
  const auto at = std::lower_bound(sparse_.begin(), sparse_.end(), index << 8);
  if (at != sparse_.end() && (*at >> 8) == index) {
    *at = std::max(*at, entry);
    return;
  }
  sparse_.insert(at, entry);
  if (sparse_.size() > kSparseLimit) to_dense();
}

void HyperLogLog::merge(const HyperLogLog& other) {
  if (other.dense_) {
    to_dense();
    for (uint32_t i = 0; i < kRegisters; ++i) dense_[i] = std::max(dense_[i], other.dense_[i]);
    return;
  }
  if (dense_) {
    for (const uint32_t e : other.sparse_) {
      dense_[e >> 8] = std::max(dense_[e >> 8], static_cast<uint8_t>(e & 0xff));
    }
    return;
  }
  std::vector<uint32_t> merged;
  merged.reserve(sparse_.size() + other.sparse_.size());
  auto a = sparse_.begin();
  auto b = other.sparse_.begin();
  while (a != sparse_.end() || b != other.sparse_.end()) {
    if (b == other.sparse_.end() || (a != sparse_.end() && (*a >> 8) < (*b >> 8))) {
      merged.push_back(*a++);
    } else if (a == sparse_.end() || (*b >> 8) < (*a >> 8)) {
      merged.push_back(*b++);
    } else {
      merged.push_back(std::max(*a++, *b++));  // same index: the higher rank
    }
  }
  sparse_ = std::move(merged);
  if (sparse_.size() > kSparseLimit) to_dense();
}

double HyperLogLog::estimate() const {
  // The estimate depends only on the histogram of register values, which both forms
  // give alike, and is summed in a fixed order: one answer for any merge tree.
  uint32_t histogram[kMaxRank + 1] = {};
  if (dense_) {
    for (uint32_t i = 0; i < kRegisters; ++i) ++histogram[dense_[i]];
  } else {
    histogram[0] = kRegisters - static_cast<uint32_t>(sparse_.size());
    for (const uint32_t e : sparse_) ++histogram[e & 0xff];
  }
  constexpr double m = kRegisters;
  constexpr int q = 64 - kPrecision;
  if (histogram[0] == kRegisters) return 0;
  double z = m * tau(1.0 - histogram[q + 1] / m);
  for (int k = q; k >= 1; --k) z = 0.5 * (z + histogram[k]);
  z += m * sigma(histogram[0] / m);
  return m * m / (2.0 * std::log(2.0) * z);
}

void HyperLogLog::save(std::string& out) const {
  if (dense_) {
    out += "{\"dense\":\"";
    append_base64(out, dense_.get(), kRegisters);
    out += "\"}";
    return;
  }
  out += "{\"sparse\":[";
  for (size_t i = 0; i < sparse_.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += std::to_string(sparse_[i]);
  }
  out += "]}";
}

void HyperLogLog::load(const SnapshotValue& state, const char* what) {
  sparse_.clear();
  dense_.reset();
  if (const std::optional<SnapshotValue> dense = state.find("dense")) {
    const std::string_view text = dense->as_string();
    dense_ = std::make_unique<uint8_t[]>(kRegisters);
    if (!decode_base64(text, dense_.get(), kRegisters)) agg_state::fail(*dense, what, "bad registers");
    for (uint32_t i = 0; i < kRegisters; ++i) {
      if (dense_[i] > kMaxRank) agg_state::fail(*dense, what, "register value out of range");
    }
    return;
  }
  const SnapshotValue sparse = state["sparse"];
  for (const SnapshotValue e : sparse.as_array()) {
    const uint64_t v = e.as_uint64();
    const uint64_t rank = v & 0xff;
    if (v >= (uint64_t{kRegisters} << 8) || rank == 0 || rank > kMaxRank)
      agg_state::fail(sparse, what, "sparse entry out of range");
    if (!sparse_.empty() && (sparse_.back() >> 8) >= (v >> 8))
      agg_state::fail(sparse, what, "sparse entries out of order");
    sparse_.push_back(static_cast<uint32_t>(v));
  }
  if (sparse_.size() > kSparseLimit) to_dense();
}

}  // namespace ss
