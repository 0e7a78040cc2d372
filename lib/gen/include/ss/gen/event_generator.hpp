// ss-gen's source of lines: the session simulator's events in event-time order, request
// content drawn for each, a share of them held back and written late, and a share of
// lines damaged. Every concern draws from its own random stream of the seed, so turning
// on --out-of-order only moves lines and --bad-lines only damages them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "ss/base/rng.hpp"
#include "ss/gen/bad_line_maker.hpp"
#include "ss/gen/event_formatter.hpp"
#include "ss/gen/gen_event.hpp"
#include "ss/gen/gen_options.hpp"
#include "ss/gen/request_model.hpp"
#include "ss/gen/session_simulator.hpp"
#include "ss/gen/user_population.hpp"

namespace ss {

class DelayBuffer;  // gen/delay_buffer.hpp, beside the sources

enum class LineResult {
  written,   ///< a line was appended
  finished,  ///< all --events lines have been written; nothing was appended
};

class EventGenerator {
 public:
  /// Validates `options` (throws ss::Error of kind usage, as validate_gen_options) and
  /// sets up users, paths and random streams. Memory grows with --keys.
  explicit EventGenerator(const GenOptions& options);
  EventGenerator(const EventGenerator&) = delete;
  EventGenerator& operator=(const EventGenerator&) = delete;
  ~EventGenerator();

  /// Appends the next line, newline included, to `out`.
  LineResult append_line(std::string& out);

  /// The next event in output order (late ones included), before formatting and damage;
  /// nullopt after --events events. append_line() draws from the same sequence, so use
  /// one or the other.
  std::optional<GenEvent> next_event();

  const UserPopulation& users() const noexcept { return users_; }
  const RequestModel& requests() const noexcept { return requests_; }

 private:
  GenEvent make_event();

  const GenOptions options_;
  const UserPopulation users_;
  const RequestModel requests_;
  EventFormatter formatter_;
  const BadLineMaker bad_lines_;
  SessionSimulator sessions_;
  Rng content_rng_;
  Rng disorder_rng_;
  Rng damage_rng_;

  std::unique_ptr<DelayBuffer> delayed_;  ///< --out-of-order: the events held back
  std::optional<GenEvent> pending_;       ///< generated in order, waiting behind released late events
  TimeUs frontier_ = kMinTime;            ///< time of the newest generated event
  uint64_t generated_ = 0;
  std::string scratch_;  ///< a good line about to be damaged
};

}  // namespace ss
