#include "ss/gen/event_generator.hpp"

#include "delay_buffer.hpp"

namespace ss {

namespace {

// Stream ids of the seed's independent random sequences (1 is the session simulator's).
constexpr uint64_t kContentStream = 2;
constexpr uint64_t kDisorderStream = 3;
constexpr uint64_t kDamageStream = 4;

const GenOptions& validated(const GenOptions& options) {
  validate_gen_options(options);
  return options;
}

}  // namespace

EventGenerator::EventGenerator(const GenOptions& options)
    : options_(validated(options)),
      users_(options_.keys, options_.zipf, options_.seed),
      formatter_(options_.format, users_, requests_),
      bad_lines_(options_.format),
      sessions_(users_, options_.start, options_.mean_gap, options_.mean_break, options_.seed),
      content_rng_(options_.seed, kContentStream),
      disorder_rng_(options_.seed, kDisorderStream),
      damage_rng_(options_.seed, kDamageStream),
      delayed_(std::make_unique<DelayBuffer>()) {}

EventGenerator::~EventGenerator() = default;

GenEvent EventGenerator::make_event() {
  const SessionStep step = sessions_.next();
  GenEvent event;
  event.ts = step.ts;
  event.seq = generated_++;
  event.user = step.user;
  requests_.fill(content_rng_, step.position, event);
  return event;
}

std::optional<GenEvent> EventGenerator::next_event() {
  for (;;) {
    // A late event goes out as soon as the stream's time has passed its release time;
    // everything written before it is then newer by less than its delay.
    if (delayed_->ready(frontier_)) return delayed_->pop();
    if (pending_) {
      const GenEvent event = *pending_;
      pending_.reset();
      return event;
    }
    if (generated_ == options_.events) {
      if (delayed_->empty()) return std::nullopt;
      return delayed_->pop();
    }
    const GenEvent event = make_event();
    frontier_ = event.ts;
    if (options_.out_of_order > 0 && disorder_rng_.chance(options_.out_of_order)) {
      const auto delay_ms =
          static_cast<TimeUs>(1 + disorder_rng_.below(static_cast<uint64_t>(options_.max_delay / kMillisecond)));
      delayed_->push(event, event.ts + delay_ms * kMillisecond);
    } else {
      pending_ = event;
    }
  }
}

LineResult EventGenerator::append_line(std::string& out) {
  const auto event = next_event();
  if (!event) return LineResult::finished;
  if (options_.bad_lines > 0 && damage_rng_.chance(options_.bad_lines)) {
    scratch_.clear();
    formatter_.append(scratch_, *event);
    bad_lines_.damage(damage_rng_, scratch_, out);
  } else {
    formatter_.append(out, *event);
  }
  out.push_back('\n');
  return LineResult::written;
}

}  // namespace ss
