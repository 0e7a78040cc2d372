#include "ss/gen/gen_options.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <string>

#include "ss/base/error.hpp"
#include "ss/time/duration.hpp"

namespace ss {

namespace {

// A hundred years: keeps every simulated time far from overflowing.
constexpr TimeUs kLongestMean = 36'500LL * 86'400'000'000;
// Keeps every timestamp a four-digit year, as RFC 3339 and the combined format want.
constexpr TimeUs kEarliestStart = 0;                        // 1970-01-01T00:00:00Z
constexpr TimeUs kLatestStart = 221'845'392'000'000'000LL;  // 9000-01-01T00:00:00Z

// Validators with messages a person can act on; CLI11 prefixes them with the flag name.
// Unsigned flags need the sign check: CLI11 would read -1 as its wrapped value.
CLI::Validator non_negative_integer() {
  return CLI::Validator(
      [](std::string& s) { return !s.empty() && s[0] == '-' ? "must not be negative: '" + s + "'" : std::string(); },
      "", "non-negative");
}

CLI::Validator number_from(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& s) {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0' || !(v >= low && v <= high))
          return fmt::format("must be a number from {} to {}: '{}'", low, high, s);
        return std::string();
      },
      "", "range");
}

CLI::Validator positive_number() {
  return CLI::Validator(
      [](std::string& s) {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0' || !(v > 0 && v <= 1e12)) return "must be a positive number: '" + s + "'";
        return std::string();
      },
      "", "positive");
}

TimeUs parse_duration_flag(const std::string& flag, const std::string& text) {
  const auto d = parse_duration(text);
  if (!d) throw_usage(fmt::format("{}: not a duration: '{}' (examples: 250ms, 30s, 1h30m)", flag, text));
  if (*d < 0) throw_usage(fmt::format("{}: must not be negative: '{}'", flag, text));
  return *d;
}

}  // namespace

void add_gen_flags(CLI::App& app, GenOptions& options) {
  app.add_option("--events,-n", options.events, "Number of lines to write (default 1000)")
      ->type_name("N")
      ->check(non_negative_integer());
  app.add_option("--seed", options.seed, "Seed; equal flags and seed give equal bytes (default 1)")
      ->type_name("S")
      ->check(non_negative_integer());
  app.add_option("--keys", options.keys, "Number of users (default 1000)")
      ->type_name("K")
      ->check(number_from(1, kMaxGenKeys));
  app.add_option("--zipf", options.zipf, "Zipf exponent of user popularity, 0 for uniform (default 1.1)")
      ->type_name("S")
      ->check(number_from(0, 10));
  app.add_option_function<std::string>(
         "--mean-gap", [&options](const std::string& s) { options.mean_gap = parse_duration_flag("--mean-gap", s); },
         "Mean gap between a user's events within a session (default 30s)")
      ->type_name("DUR");
  app.add_option_function<std::string>(
         "--mean-break",
         [&options](const std::string& s) { options.mean_break = parse_duration_flag("--mean-break", s); },
         "Mean break between sessions of a user of average popularity (default 2h)")
      ->type_name("DUR");
  app.add_option_function<std::string>(
         "--start",
         [&options](const std::string& s) {
           const auto t = parse_rfc3339(s);
           if (!t) throw_usage(fmt::format("--start: not an RFC 3339 time: '{}'", s));
           if (*t < kEarliestStart || *t >= kLatestStart)
             throw_usage(fmt::format("--start: must be from 1970 to 8999: '{}'", s));
           options.start = *t;
         },
         "Time of the first event, RFC 3339 (default 2026-11-01T00:00:00Z)")
      ->type_name("TIME");
  app.add_option("--out-of-order", options.out_of_order,
                 "Fraction of events written late, at most --max-delay behind (default 0.01)")
      ->type_name("F")
      ->check(number_from(0, 1));
  app.add_option_function<std::string>(
         "--max-delay", [&options](const std::string& s) { options.max_delay = parse_duration_flag("--max-delay", s); },
         "Largest delay of a late event (default 2m)")
      ->type_name("DUR");
  app.add_option("--bad-lines", options.bad_lines,
                 "Fraction of lines replaced by bad input: truncated, not an object, missing or "
                 "bad ts, binary garbage (default 0)")
      ->type_name("F")
      ->check(number_from(0, 1));
  app.add_option_function<std::string>(
         "--format",
         [&options](const std::string& s) {
           if (s == "json") {
             options.format = GenFormat::json;
           } else if (s == "combined") {
             options.format = GenFormat::combined;
           } else {
             throw_usage(fmt::format("--format: must be json or combined: '{}'", s));
           }
         },
         "Output format: json or combined (default json)")
      ->type_name("FMT");
  app.add_option("--rate", options.rate,
                 "Events per second of wall-clock time, for live demos (default: as fast as possible)")
      ->type_name("R")
      ->check(positive_number());
}

void validate_gen_options(const GenOptions& options) {
  if (options.keys < 1 || options.keys > kMaxGenKeys)
    throw_usage(fmt::format("--keys: must be from 1 to {}", kMaxGenKeys));
  if (!(options.zipf >= 0 && options.zipf <= 10)) throw_usage("--zipf: must be from 0 to 10");
  if (options.mean_gap < kMillisecond || options.mean_gap > kLongestMean)
    throw_usage("--mean-gap: must be from 1ms to 36500d");
  if (options.mean_break < kMillisecond || options.mean_break > kLongestMean)
    throw_usage("--mean-break: must be from 1ms to 36500d");
  if (options.start < kEarliestStart || options.start >= kLatestStart)
    throw_usage("--start: must be from 1970 to 8999");
  if (!(options.out_of_order >= 0 && options.out_of_order <= 1)) throw_usage("--out-of-order: must be from 0 to 1");
  if (options.max_delay < 0) throw_usage("--max-delay: must not be negative");
  if (options.out_of_order > 0 && options.max_delay < kMillisecond)
    throw_usage("--max-delay: must be at least 1ms when --out-of-order is above 0");
  if (!(options.bad_lines >= 0 && options.bad_lines <= 1)) throw_usage("--bad-lines: must be from 0 to 1");
  if (!(options.rate >= 0) || options.rate > 1e12) throw_usage("--rate: must be a positive number");
}

}  // namespace ss
