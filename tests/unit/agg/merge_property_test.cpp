// Merging partial states must give what adding every event to one state gives, for any
// split of the events, any arrival order within a part and any merge tree, with states
// passing through save/load on the way (as with ss-window --partial / --merge).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "agg_test_values.hpp"
#include "ss/agg/agg_spec.hpp"
#include "ss/agg/aggregator.hpp"
#include "ss/json/json_writer.hpp"

namespace {

using ss::Aggregator;
using ss::agg_test::Values;

struct Event {
  std::string json;
  ss::TimeUs ts;
  uint64_t seq;
};

enum class Domain { integers, numbers, categories };

std::string random_value(Domain domain, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick(0, 99);
  const int p = pick(rng);
  if (p < 5) return "";  // missing
  if (p < 8) return "null";
  switch (domain) {
    case Domain::integers: return std::to_string(std::uniform_int_distribution<int64_t>(-1000000, 1000000)(rng));
    case Domain::numbers: {
      if (p < 40) return std::to_string(std::uniform_int_distribution<int64_t>(-1000, 1000)(rng));
      if (p < 45) return "\"12\"";  // not a number: skipped
      std::string s;
      ss::append_json_number(s, std::uniform_real_distribution<double>(-1e4, 1e4)(rng));
      return s;
    }
    case Domain::categories: {
      const int c = std::uniform_int_distribution<int>(0, 59)(rng);
      if (c < 30) return "\"v" + std::to_string(c) + "\"";
      if (c < 45) return std::to_string(c);
      if (c < 50) return std::to_string(c - 45) + ".0";
      if (c < 55) return "{\"k\":" + std::to_string(c) + "}";
      return c % 2 ? "true" : "false";
    }
  }
  return "";
}

std::string result_of(const Aggregator& a) {
  std::string out;
  a.append_result(out);
  return out;
}

bool near(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const double x = std::stod(a);
  const double y = std::stod(b);
  return std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
}

}  // namespace

TEST_CASE("merging random partitions in random order equals adding sequentially", "[agg]") {
  struct Case {
    const char* spec;
    Domain domain;
    bool exact;
  };
  const Case cases[] = {
      {"count", Domain::numbers, true},
      {"count(f)", Domain::numbers, true},
      {"sum(f)", Domain::integers, true},
      {"sum(f)", Domain::numbers, false},
      {"min(f)", Domain::numbers, true},
      {"max(f)", Domain::numbers, true},
      {"avg(f)", Domain::numbers, false},
      {"stddev(f)", Domain::numbers, false},
      {"first(f)", Domain::categories, true},
      {"last(f)", Domain::categories, true},
      {"distinct(f)", Domain::categories, true},
      {"approx_distinct(f)", Domain::integers, true},
      {"quantile(f, 0.9)", Domain::numbers, true},
      {"quantile(f, 0.25)", Domain::integers, true},
      {"top(f, 3)", Domain::categories, true},
      {"list(f, 40)", Domain::categories, true},
      {"list(f)", Domain::numbers, true},
  };
  std::mt19937_64 rng(20261123);
  for (const Case& c : cases) {
    const ss::AggSpec spec = ss::parse_agg_specs(c.spec).at(0);
    for (int round = 0; round < 20; ++round) {
      INFO(c.spec << " round " << round);
      Values values;
      const size_t n = std::uniform_int_distribution<size_t>(0, 400)(rng);
      std::vector<Event> events;
      for (size_t i = 0; i < n; ++i) {
        // Few distinct times, so ties in event time are common.
        events.push_back(Event{random_value(c.domain, rng), std::uniform_int_distribution<ss::TimeUs>(0, 30)(rng), i});
      }
      auto sequential = ss::make_aggregator(spec);
      size_t sequential_skipped = 0;
      for (const Event& e : events) sequential_skipped += sequential->add(values(e.json), e.ts, e.seq) ? 0 : 1;

      std::shuffle(events.begin(), events.end(), rng);
      const size_t parts = std::uniform_int_distribution<size_t>(1, 8)(rng);
      std::vector<std::unique_ptr<Aggregator>> partials;
      for (size_t p = 0; p < parts; ++p) partials.push_back(ss::make_aggregator(spec));
      size_t partial_skipped = 0;
      for (const Event& e : events) {
        auto& target = partials[std::uniform_int_distribution<size_t>(0, parts - 1)(rng)];
        partial_skipped += target->add(values(e.json), e.ts, e.seq) ? 0 : 1;
      }
      while (partials.size() > 1) {
        const size_t i = std::uniform_int_distribution<size_t>(0, partials.size() - 1)(rng);
        size_t j = std::uniform_int_distribution<size_t>(0, partials.size() - 2)(rng);
        if (j >= i) ++j;
        if (rng() % 2) {
          // A partial written out and read back, as between processes.
          std::string saved;
          partials[j]->save(saved);
          partials[j] = ss::make_aggregator(spec);
          partials[j]->load(saved);
        }
        partials[i]->merge(*partials[j]);
        partials.erase(partials.begin() + static_cast<ptrdiff_t>(j));
      }
      CHECK(partial_skipped == sequential_skipped);
      const std::string expected = result_of(*sequential);
      const std::string merged = result_of(*partials[0]);
      if (c.exact) {
        CHECK(merged == expected);
      } else {
        CHECK(near(merged, expected));
      }
    }
  }
}
