#include "ss/agg/hyper_log_log.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "ss/agg/agg_state.hpp"
#include "ss/base/hash64.hpp"

namespace {

double estimate_of(uint64_t n, uint64_t offset = 0) {
  ss::HyperLogLog h;
  for (uint64_t i = 0; i < n; ++i) h.add_hash(ss::hash64("user-" + std::to_string(offset + i)));
  return h.estimate();
}

}  // namespace

TEST_CASE("hash64 is XXH64", "[agg]") {
  CHECK(ss::hash64("") == 0xEF46DB3751D8E999ULL);
  CHECK(ss::hash64("a") == 0xD24EC4F1A98C6E5BULL);
  CHECK(ss::hash64("abc") == 0x44BC2CF5AD770999ULL);
  // Longer than one 32-byte stripe.
  CHECK(ss::hash64("Nobody inspects the spammish repetition") == 0xFBCEA83C8A378BF1ULL);
}

TEST_CASE("HyperLogLog is within 2% at 100000 distinct values", "[agg]") {
  const double e = estimate_of(100000);
  CHECK(std::fabs(e - 100000) / 100000 < 0.02);
}

TEST_CASE("HyperLogLog is close at every scale, exact-ish for small counts", "[agg]") {
  CHECK(estimate_of(0) == 0);
  CHECK(std::llround(estimate_of(1)) == 1);
  CHECK(std::llround(estimate_of(10)) == 10);
  for (const uint64_t n : {100u, 1000u, 5000u, 20000u, 300000u}) {
    INFO(n);
    const double e = estimate_of(n, n);
    CHECK(std::fabs(e - static_cast<double>(n)) / static_cast<double>(n) < 0.03);
  }
}

TEST_CASE("HyperLogLog gives the same estimate sparse or dense, merged or not", "[agg]") {
  ss::HyperLogLog all;
  ss::HyperLogLog a;
  ss::HyperLogLog b;
  for (int i = 0; i < 3000; ++i) {
    const uint64_t h = ss::hash64("k" + std::to_string(i));
    all.add_hash(h);
    (i % 3 == 0 ? a : b).add_hash(h);
  }
  CHECK_FALSE(all.is_sparse());
  ss::HyperLogLog small;
  for (int i = 0; i < 50; ++i) small.add_hash(ss::hash64("k" + std::to_string(i)));
  CHECK(small.is_sparse());
  ss::HyperLogLog merged = small;
  merged.merge(a);
  merged.merge(b);
  CHECK(merged.estimate() == all.estimate());
  ss::HyperLogLog reversed = b;
  reversed.merge(small);
  reversed.merge(a);
  CHECK(reversed.estimate() == all.estimate());

  // A sparse sketch forced dense by a merge estimates as it did sparse.
  ss::HyperLogLog dense_empty;
  for (int i = 0; i < 2000; ++i) dense_empty.add_hash(0);  // one register, stays sparse
  CHECK(dense_empty.is_sparse());
  std::string saved;
  small.save(saved);
  ss::HyperLogLog loaded;
  loaded.load(ss::agg_state::parse(saved), "test");
  CHECK(loaded.estimate() == small.estimate());
  std::string again;
  loaded.save(again);
  CHECK(again == saved);
}
