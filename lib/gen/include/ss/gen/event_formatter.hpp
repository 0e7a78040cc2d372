// Turns a GenEvent into one output line: an NDJSON object with the fields in a fixed
// order, or an Apache/nginx combined log line. Hand-written formatting: this is the
// generator's hot path.
#pragma once

#include <string>

#include "ss/gen/gen_event.hpp"
#include "ss/gen/gen_options.hpp"
#include "ss/gen/request_model.hpp"
#include "ss/gen/user_population.hpp"
#include "ss/gen/user_text_cache.hpp"

namespace ss {

class EventFormatter {
 public:
  /// `users` and `requests` must outlive the formatter. Not const: it caches users'
  /// formatted text.
  EventFormatter(GenFormat format, const UserPopulation& users, const RequestModel& requests)
      : format_(format), users_(users), requests_(requests) {}

  /// Appends `event` as one line, without the newline. JSON:
  /// `{"ts":"2026-11-01T00:00:00.000Z","user":"u00042","client":"81.2.69.160","method":"GET",
  /// "path":"/","status":200,"bytes":1234,"latency_ms":12.5,"ua":"..."}`. Combined:
  /// `81.2.69.160 - u00042 [01/Nov/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1234 "-" "..."`
  /// (bytes `-` when zero, as Apache's %b writes them).
  void append(std::string& out, const GenEvent& event);

 private:
  void append_json(std::string& out, const GenEvent& event);
  void append_combined(std::string& out, const GenEvent& event);

  GenFormat format_;
  UserTextCache users_;
  const RequestModel& requests_;
};

}  // namespace ss
