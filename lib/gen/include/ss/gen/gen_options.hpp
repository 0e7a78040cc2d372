// The settings of ss-gen and the flags that fill them. Flag registration lives here, not
// in the tool, so tests can parse an argv without starting a process.
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <cstdint>

#include "ss/time/timestamp.hpp"

namespace ss {

enum class GenFormat {
  json,      ///< one NDJSON object per event
  combined,  ///< Apache/nginx combined log format
};

/// Everything that decides the output; equal options give equal bytes.
struct GenOptions {
  uint64_t events = 1000;  ///< lines written, bad ones included
  uint64_t seed = 1;
  uint32_t keys = 1000;                  ///< number of users
  double zipf = 1.1;                     ///< exponent of user popularity
  TimeUs mean_gap = 30'000'000;          ///< mean gap between a session's events
  TimeUs mean_break = 7'200'000'000;     ///< mean break between sessions of an average user
  TimeUs start = 1'793'491'200'000'000;  ///< time of the first event: 2026-11-01T00:00:00Z
  double out_of_order = 0.01;            ///< fraction of events written late
  TimeUs max_delay = 120'000'000;        ///< how late at most
  double bad_lines = 0;                  ///< fraction of lines replaced by bad input
  GenFormat format = GenFormat::json;
  double rate = 0;  ///< events per second of wall-clock time; 0: no limit
};

inline constexpr uint32_t kMaxGenKeys = 10'000'000;

/// Registers every ss-gen flag on `app`; parsing fills `options`. A value that does not
/// parse (a duration, a time, a number out of range) makes parsing throw: CLI::ParseError
/// or ss::Error of kind usage, which run_cli turns into exit status 2.
void add_gen_flags(CLI::App& app, GenOptions& options);

/// Checks what single flags cannot: combinations and derived limits.
/// Throws ss::Error (usage) naming the flag at fault.
void validate_gen_options(const GenOptions& options);

}  // namespace ss
