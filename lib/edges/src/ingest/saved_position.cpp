#include "ss/ingest/saved_position.hpp"

#include <simdjson.h>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/json/json_writer.hpp"

namespace ss {

std::string saved_position_json(const SavedPosition& position) {
  std::string out;
  JsonObjectWriter w(out);
  w.string("path", position.path);
  w.number("dev", position.identity.device);
  w.number("ino", position.identity.inode);
  w.string("fingerprint", fmt::format("{:016x}", position.identity.fingerprint));
  w.number("fingerprint_bytes", position.identity.fingerprint_bytes);
  w.number("offset", position.offset);
  w.number("line", position.line);
  if (position.size > 0) w.number("size", position.size);
  w.string("format", position.format);
  if (position.header) w.string("header", *position.header);
  if (position.years) {
    w.number("year", position.years->year);
    w.number("year_month", static_cast<uint64_t>(position.years->last_month));
  }
  w.finish();
  return out;
}

SavedPosition parse_saved_position(std::string_view record, std::string_view snapshot) {
  const auto bad = [&] { return Error(ErrorKind::state, fmt::format("{}: malformed file position record", snapshot)); };
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(record.data(), record.size()).get(doc)) throw bad();
  SavedPosition p;
  std::string_view path, fingerprint, format;
  if (doc["path"].get(path) || doc["dev"].get(p.identity.device) || doc["ino"].get(p.identity.inode) ||
      doc["fingerprint"].get(fingerprint) || doc["fingerprint_bytes"].get(p.identity.fingerprint_bytes) ||
      doc["offset"].get(p.offset) || doc["line"].get(p.line) || doc["format"].get(format))
    throw bad();
  p.path = std::string(path);
  p.format = std::string(format);
  if (fingerprint.size() != 16) throw bad();
  uint64_t fp = 0;
  for (const char c : fingerprint) {
    int digit = 0;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else throw bad();
    fp = (fp << 4) | static_cast<uint64_t>(digit);
  }
  p.identity.fingerprint = fp;
  // Snapshots from before the size was saved have none: 0, unknown.
  const auto size = doc["size"];
  if (size.error() == simdjson::SUCCESS && size.get(p.size)) throw bad();
  std::string_view header;
  const auto h = doc["header"];
  if (h.error() == simdjson::SUCCESS) {
    if (h.get(header)) throw bad();
    p.header = std::string(header);
  }
  // Snapshots from before the year was saved have none: the year is inferred anew.
  const auto year = doc["year"];
  if (year.error() == simdjson::SUCCESS) {
    int64_t y = 0;
    uint64_t month = 0;
    if (year.get(y) || doc["year_month"].get(month) || y < 1 || y > 9999 || month < 1 || month > 12) throw bad();
    p.years = YearInference::State{y, static_cast<unsigned>(month)};
  }
  return p;
}

ResumePlan plan_resume(const std::vector<SavedPosition>& saved, int fd, uint64_t file_size, uint64_t content_size) {
  ResumePlan plan;
  for (const SavedPosition& entry : saved) {
    const IdentityMatch match = match_identity(entry.identity, fd, file_size);
    if (match == IdentityMatch::other || entry.offset == 0) continue;
    // Compressed files are written whole, never truncated in place: a shorter one under
    // the inode is another file that reused it.
    if (match == IdentityMatch::truncated && content_size == UINT64_MAX) continue;
    plan.saved = &entry;
    plan.kind = match == IdentityMatch::same && entry.offset <= content_size ? ResumePlan::Kind::resume
                                                                             : ResumePlan::Kind::restart;
    // A fresh entry beats a truncated one for the same inode (several entries can name
    // one inode after it was rewritten by copytruncate).
    if (plan.kind == ResumePlan::Kind::resume) return plan;
  }
  return plan;
}

}  // namespace ss
