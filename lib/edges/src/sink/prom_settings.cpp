#include "ss/sink/prom_settings.hpp"

#include <CLI/CLI.hpp>

#include <charconv>

#include "ss/base/error.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/sink/prom_names.hpp"
#include "ss/time/duration.hpp"

namespace ss {

void add_prom_flags(CLI::App& app, PromSettings& settings, PromFlagText& text) {
  app.add_option("--label", settings.labels,
                 "Prometheus: fields that become labels, comma-separated or repeated (default: the string fields "
                 "except window_start, window_end, start, end, first_seen, last_seen and session_id)")
      ->delimiter(',');
  app.add_option("--counter", settings.counters,
                 "Prometheus: numeric fields written as counters (named ..._total), comma-separated or repeated "
                 "(default: every numeric field is a gauge)")
      ->delimiter(',');
  allow_empty_value(app.add_option("--name-prefix", settings.name_prefix, "Prometheus: put before every metric name")
                        ->default_str("ss_"));
  app.add_flag("--timestamps", settings.timestamps,
               "Prometheus, prom-http: only: give each sample the row's window_end (or end) as its timestamp "
               "(default: off, the scrape time)");
  app.add_option("--ttl", text.ttl, "Prometheus: drop series not updated for this long (processing time); 0 keeps them")
      ->default_str("15m");
}

void finish_prom_settings(const PromFlagText& text, PromSettings& settings, bool prometheus) {
  if (!prometheus) {
    const PromSettings defaults;
    const char* given = !settings.labels.empty()                       ? "--label"
                        : !settings.counters.empty()                   ? "--counter"
                        : settings.name_prefix != defaults.name_prefix ? "--name-prefix"
                        : settings.timestamps                          ? "--timestamps"
                        : text.ttl != PromFlagText().ttl               ? "--ttl"
                                                                       : nullptr;
    if (given != nullptr) throw_usage(std::string(given) + " needs --to prom:FILE or prom-http:[HOST]:PORT");
    return;
  }
  settings.ttl = non_negative_duration(text.ttl, "--ttl", "15m, 2h or 0");
  if (!settings.name_prefix.empty() && !is_valid_metric_name(settings.name_prefix))
    throw_usage("--name-prefix: \"" + settings.name_prefix +
                "\" cannot start a Prometheus metric name (letters, digits, _ and :, not starting with a digit)");
  for (const std::string& field : settings.labels)
    if (field.empty()) throw_usage("--label: empty field name");
  for (const std::string& field : settings.counters)
    if (field.empty()) throw_usage("--counter: empty field name");
}

void parse_listen_address(std::string_view text, PromSettings& settings) {
  std::string_view host;
  std::string_view port = text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string_view::npos)
      throw_usage("--to prom-http: expected [HOST]:PORT, got \"" + std::string(text) + "\"");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  int value = -1;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535)
    throw_usage("--to prom-http: expected [HOST]:PORT with a port from 1 to 65535, got \"" + std::string(text) + "\"");
  settings.host = std::string(host);
  settings.port = value;
}

}  // namespace ss
