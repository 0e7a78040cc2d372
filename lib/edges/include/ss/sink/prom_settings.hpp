// Settings of the Prometheus destinations (`--to prom:FILE`, `--to prom-http:[HOST]:PORT`),
// filled from ss-sink's Prometheus flags. Kept apart from SinkOptions' other members so
// that the Prometheus flags live in one place (prom_settings.cpp).
#pragma once

#include "ss/cli/cli_fwd.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ss/time/timestamp.hpp"

namespace ss {

struct PromSettings {
  std::string name_prefix = "ss_";    ///< --name-prefix, put before every metric name
  std::vector<std::string> labels;    ///< --label: the fields that become labels; empty = the default rule
  std::vector<std::string> counters;  ///< --counter: numeric fields written as counters
  bool timestamps = false;            ///< --timestamps: samples carry window_end (or end)
  TimeUs ttl = 15 * 60 * 1000000LL;   ///< --ttl: series not updated for this long are dropped; 0 = never
  std::string host;                   ///< prom-http: the address to listen on (0.0.0.0 when empty)
  int port = 0;                       ///< prom-http: the port
};

/// Flag text kept until finish_prom_settings() converts it.
struct PromFlagText {
  std::string ttl = "15m";
};

/// Registers ss-sink's Prometheus flags on `app`.
void add_prom_flags(CLI::App& app, PromSettings& settings, PromFlagText& text);
/// Converts and checks the flags; `prometheus` is true when --to names a Prometheus
/// destination, else a flag that differs from its default is refused. Throws ss::Error(usage) naming the flag.
void finish_prom_settings(const PromFlagText& text, PromSettings& settings, bool prometheus);
/// Reads `[HOST]:PORT` (also `PORT`, `[::1]:PORT`) of prom-http: into `settings`;
/// throws ss::Error(usage).
void parse_listen_address(std::string_view text, PromSettings& settings);

}  // namespace ss
