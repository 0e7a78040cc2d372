#include "ss/ingest/event_time_reader.hpp"

#include <fmt/format.h>

namespace ss {

EventTimeReader::EventTimeReader(const ParserOptions& options, std::string_view default_spec)
    : format_(options.time_format.empty() ? default_spec : std::string_view(options.time_format), options.timezone),
      missing_(fmt::format("no time field \"{}\"", options.time_field)),
      years_(options.reference_time, options.syslog_year) {}

bool EventTimeReader::from_text(std::string_view text, TimeUs& out) {
  if (!format_.lacks_year()) return format_.parse(text, out);
  const auto fields = format_.parse_fields(text);
  const auto t = fields ? from_fields(*fields) : std::nullopt;
  if (!t) return false;
  out = *t;
  return true;
}

std::optional<TimeUs> EventTimeReader::from_fields(CivilTime t) {
  if (!t.has_year && !t.instant) {
    t.year = years_.year_for(t);
    t.has_year = true;
  }
  return format_.to_utc(t);
}

std::string_view EventTimeReader::unparseable(std::string_view text) {
  constexpr size_t kShown = 64;
  reason_ = "unparseable time \"";
  if (text.size() > kShown) {
    // Cut on a UTF-8 boundary so the reason stays valid text.
    size_t cut = kShown;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    reason_.append(text.substr(0, cut));
    reason_ += "…";
  } else {
    reason_.append(text);
  }
  reason_ += '"';
  return reason_;
}

}  // namespace ss
