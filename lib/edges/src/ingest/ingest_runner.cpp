#include "ss/ingest/ingest_runner.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/base/hash64.hpp"
#include "ss/base/murmur2.hpp"
#include "ss/base/stop_signal.hpp"
#include "ss/cli/tool_main.hpp"
#include "ss/control/control_record.hpp"
#include "ss/ingest/continuation_rule.hpp"
#include "ss/ingest/line_text.hpp"
#include "ss/ingest/parser_factory.hpp"
#include "ss/ingest/rotation_order.hpp"
#include "ss/io/input_file.hpp"
#include "ss/op/progress.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_writer.hpp"

namespace ss {

namespace {

/// How many non-empty lines --format auto looks at before it decides.
constexpr size_t kSniffLines = 20;
/// Lines handled from one input before the loop looks at the clock and the other inputs.
constexpr int kLinesPerTurn = 4096;
constexpr const char* kTool = "ingest";
/// Log lines are written by strangers: none may pass for a control record downstream.
constexpr std::string_view kReservedMemberReason = "top-level member \"_ss\" is reserved for control records";

using Clock = std::chrono::steady_clock;

bool is_csv_like(const std::string& format) { return format == "csv" || format == "tsv"; }

/// The first decompressed bytes of `path` (up to kFingerprintBytes); empty when it
/// cannot be read.
std::string content_prefix(const std::string& path) {
  try {
    InputFile file(path);
    std::string out(kFingerprintBytes, '\0');
    size_t got = 0;
    while (got < out.size()) {
      const long n = file.read(out.data() + got, out.size() - got);
      if (n < 0) continue;
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    out.resize(got);
    return out;
  } catch (const Error&) {
    return std::string();  // damaged from the start: nothing to recognise it by
  }
}

/// What a file truncated after `saved` was taken lost, for a warning.
std::string truncation_loss(const SavedPosition& saved) {
  const std::string name = saved.path;
  if (saved.size > saved.offset)
    return fmt::format(
        "the {} bytes after them known then, and whatever was written later before the truncation, "
        "are lost unless the rotated copy (e.g. {}.1) is named too",
        saved.size - saved.offset, name);
  return fmt::format(
      "whatever was written after them before the truncation (an unknown amount) is lost unless the "
      "rotated copy (e.g. {}.1) is named too",
      name);
}

std::string directory_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

struct IngestRunner::Source {
  std::unique_ptr<FollowReader> reader;
  std::unique_ptr<LineParser> parser;
  std::string format;                 ///< resolved format of the open file
  std::optional<std::string> header;  ///< csv/tsv header row of the open file
  bool capture_header = false;        ///< the next line parsed is the header row
  YearInference* years = nullptr;     ///< the parser's, for times without a year
  bool sniffing = false;              ///< lines are held back until the format is known
  std::vector<HeldLine> held;
  size_t held_lines = 0;  ///< of the held lines: those that are not trace lines (what sniffing looks at)
  std::unique_ptr<RecordAssembler> assembler;   ///< records of several lines; null: one line, one record
  std::optional<Clock::time_point> idle_since;  ///< a record is pending and no line came since
  size_t entry = SIZE_MAX;                      ///< index in positions_ of the open file
  bool predecessor = false;                     ///< a rotated file found by inode, read before its input
  size_t continues = SIZE_MAX;  ///< index in positions_ of a saved file whose content this one continues
  bool year_told = false;       ///< the year given to year-less times was said on stderr
  uint64_t last_offset = 0;     ///< offset after the last line seen (for byte counts)
  bool ended = false;
};

IngestRunner::IngestRunner(const IngestOptions& options, OutputBuffer& out)
    : options_(options),
      out_(out),
      stage_(options.stream.stage_name.empty() ? std::string(kTool) : options.stream.stage_name),
      params_(ingest_semantic_params(options)),
      where_(options.stream.where.empty()
                 ? std::nullopt
                 : std::optional<Expression>(compile_condition(options.stream.where, "--where"))),
      setter_(options.set, "ts"),
      transform_(options.rename, options.fields, options.drop),
      keys_(options.stream.key),
      direct_(setter_.empty() && transform_.empty() && !options.stream.shard),
      diagnostics_(options.stream.bad_lines_file, std::string(), options.stream.strict) {
  if (!options_.stream.state_dir.empty()) {
    state_dir_.emplace(options_.stream.state_dir);
    state_dir_->lock(stage_);  // before anything in it is read: a second run exits 4 here
  }
  if (where_)
    for (const FieldPath& f : where_->fields()) where_fields_.watch(f, "--where");
  for (const ComputedField& c : setter_.fields())
    for (const FieldPath& f : c.value.fields()) set_fields_.watch(f, "--set");
}

IngestRunner::~IngestRunner() = default;

void IngestRunner::restore() {
  if (!state_dir_) return;
  std::string warning;
  const auto point = state_dir_->checked_restore_point(stage_, options_.stream.reset_state, warning);
  if (!warning.empty()) diagnostics_.warn(warning + ": reading every input from the start");
  if (!point) return;
  SnapshotReader reader(state_dir_->snapshot_path(stage_, *point), kTool);
  check_identity(reader, stage_, *point);
  if (reader.params() != params_) {
    if (options_.stream.reset_state) {
      diagnostics_.warn(fmt::format(
          "{}: made with other parameters; reading every input from the start (--reset-state)", reader.path()));
      last_checkpoint_ = reader.checkpoint();
      return;
    }
    check_params(reader, params_);
  }
  std::string_view record;
  while (reader.next(record)) positions_.push_back(parse_saved_position(record, reader.path()));
  last_checkpoint_ = reader.checkpoint();
  restored_ = true;
}

std::vector<std::string> IngestRunner::prepare_inputs(const std::vector<std::string>& inputs) {
  struct Found {
    RotationInput input;
    uint64_t device = 0, inode = 0;
    bool inode_known = false;  ///< a saved position has its inode (any content)
  };
  std::vector<Found> found;
  std::vector<bool> intact(positions_.size(), false);  // the saved file is an input, content unchanged
  for (const std::string& path : inputs) {
    Found f;
    f.input.path = path;
    if (path == "-") {
      found.push_back(std::move(f));
      continue;
    }
    // Pipes and other non-files are not opened here: a FIFO's writer would see its only
    // reader go away.
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    if (exists && !S_ISREG(st.st_mode)) {
      found.push_back(std::move(f));
      continue;
    }
    const int fd = exists ? ::open(path.c_str(), O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0) {
      const int err = errno;
      // --follow waits for a missing file to appear.
      if (options_.follow && err == ENOENT) {
        found.push_back(std::move(f));
        continue;
      }
      if (!options_.skip_unreadable)
        throw_io(fmt::format("{}: {}; nothing was read (--skip-unreadable reads the other inputs)", path,
                             std::strerror(err)));
      diagnostics_.warn(fmt::format("{}: {}; skipped (--skip-unreadable)", path, std::strerror(err)));
      continue;
    }
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      f.input.regular = true;
      f.input.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
      f.device = static_cast<uint64_t>(st.st_dev);
      f.inode = static_cast<uint64_t>(st.st_ino);
      for (size_t i = 0; i < positions_.size(); ++i) {
        const SavedPosition& p = positions_[i];
        if (p.offset == 0 || p.identity.device != f.device || p.identity.inode != f.inode) continue;
        f.inode_known = true;
        const IdentityMatch match = match_identity(p.identity, fd, static_cast<uint64_t>(st.st_size));
        if (match == IdentityMatch::same) {
          intact[i] = true;
          f.input.known = true;
        }
      }
    }
    ::close(fd);
    found.push_back(std::move(f));
  }
  // A rotated file that logrotate compressed (access.log.1 -> access.log.1.gz) or copied
  // (copytruncate) has a new inode but the content of a file read before: recognise it by
  // the fingerprint of its first decompressed bytes, when the saved file itself is gone or
  // rewritten, and continue after the bytes already read.
  for (Found& f : found) {
    if (!f.input.regular || f.input.known) continue;
    std::string prefix;
    bool prefix_read = false;
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < positions_.size(); ++i) {
      const SavedPosition& p = positions_[i];
      if (p.offset == 0 || intact[i] || p.identity.fingerprint_bytes == 0) continue;
      if (!prefix_read) {
        prefix = content_prefix(f.input.path);
        prefix_read = true;
      }
      if (prefix.size() < p.identity.fingerprint_bytes ||
          hash64(std::string_view(prefix).substr(0, p.identity.fingerprint_bytes)) != p.identity.fingerprint)
        continue;
      if (best == SIZE_MAX || p.offset > positions_[best].offset) best = i;
    }
    if (best != SIZE_MAX) {
      continues_[f.input.path] = best;
      f.input.known = true;
    } else if (f.inode_known) {
      f.input.known = true;  // rewritten in place (copytruncate): read before, and warned about on open
    }
  }
  // A copy (copytruncate) holds what its file had before the truncation, so it is read
  // before that file whatever the mtimes say (a clock step, a touch): opened after it,
  // the copy would find the position it continues already given up, and repeat it all.
  for (Found& f : found) {
    const auto c = continues_.find(f.input.path);
    if (c == continues_.end()) continue;
    const FileIdentity& copied = positions_[c->second].identity;
    for (const Found& g : found)
      if (&g != &f && g.input.regular && g.device == copied.device && g.inode == copied.inode &&
          g.input.mtime_ns <= f.input.mtime_ns)
        f.input.mtime_ns = g.input.mtime_ns - 1;
  }
  std::vector<RotationInput> order;
  for (Found& f : found) order.push_back(std::move(f.input));
  order_rotation_chains(order);
  std::vector<std::string> paths;
  for (RotationInput& in : order) paths.push_back(std::move(in.path));
  return paths;
}

void IngestRunner::warn_if_truncated(Source& s, const FileIdentity& identity) {
  for (size_t i = 0; i < positions_.size(); ++i) {
    SavedPosition& p = positions_[i];
    if (i == s.entry || p.offset == 0 || !p.identity.same_inode(identity) || p.path != s.reader->path()) continue;
    const bool copied = std::find(continued_.begin(), continued_.end(), i) != continued_.end();
    if (!copied) {
      diagnostics_.warn(
          fmt::format("{}: truncated or rewritten since the last checkpoint, which had read {} bytes "
                      "of it: {}",
                      s.reader->name(), p.offset, truncation_loss(p)));
    }
    // Read to its end (by the copy) or lost: never resume it again.
    p.offset = 0;
    p.line = 0;
  }
}

void IngestRunner::add_rotated_predecessors() {
  // A file that was read under an input's name but has been renamed since (rotation
  // between runs): when it is not among the inputs itself, find it beside the input by
  // its inode and finish it first, so its last lines are neither lost nor repeated.
  std::vector<std::pair<uint64_t, uint64_t>> input_inodes;
  for (const auto& path : options_.stream.inputs) {
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0)
      input_inodes.emplace_back(static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino));
  }
  const auto is_input = [&](uint64_t dev, uint64_t ino) {
    return std::find(input_inodes.begin(), input_inodes.end(), std::make_pair(dev, ino)) != input_inodes.end();
  };
  std::vector<std::unique_ptr<Source>> sources;
  for (auto& s : sources_) {
    for (const SavedPosition& saved : positions_) {
      if (saved.path != s->reader->path() || is_input(saved.identity.device, saved.identity.inode)) continue;
      DIR* dir = ::opendir(directory_of(saved.path).c_str());
      if (dir == nullptr) continue;
      std::string found;
      while (const dirent* e = ::readdir(dir)) {
        if (e->d_ino != saved.identity.inode) continue;
        const std::string dir_name = directory_of(saved.path);
        const std::string candidate =
            saved.path.find('/') == std::string::npos ? std::string(e->d_name) : dir_name + "/" + e->d_name;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            static_cast<uint64_t>(st.st_dev) == saved.identity.device &&
            static_cast<uint64_t>(st.st_size) > saved.offset) {
          found = candidate;
          break;
        }
      }
      ::closedir(dir);
      if (found.empty()) continue;
      diagnostics_.warn(
          fmt::format("{}: rotated to {} since the last run; reading the rest of it first", saved.path, found));
      auto pre = std::make_unique<Source>();
      pre->predecessor = true;
      FollowReaderOptions ro;
      ro.max_line_bytes = options_.stream.max_line_bytes;
      pre->reader = std::make_unique<FollowReader>(found, ro);
      sources.push_back(std::move(pre));
      input_inodes.emplace_back(saved.identity.device, saved.identity.inode);
    }
    sources.push_back(std::move(s));
  }
  sources_ = std::move(sources);
}

FormatCounts& IngestRunner::counts_for(const std::string& format) {
  for (auto& [name, counts] : counts_)
    if (name == format) return counts;
  counts_.emplace_back(format, FormatCounts{});
  return counts_.back().second;
}

void IngestRunner::start_parser(Source& s, const std::string& format) {
  ParserOptions po = options_.parser;
  po.format = format;
  po.line_padding = kLinePadding;  // FollowReader's lines, and the assembler's records
  AssemblerOptions assembly;
  assembly.max_lines = options_.max_record_lines;
  assembly.max_bytes = options_.stream.max_line_bytes;
  if (is_csv_like(format)) {
    assembly.csv_separator = format == "csv" ? ',' : '\t';
  } else if (const TraceRules rules = trace_rules(options_, format);
             rules.java || rules.python || (!options_.multiline_pattern.empty() && takes_joined_lines(format))) {
    assembly.rule.emplace(rules.java, rules.python, options_.multiline_pattern);
    po.multiline = true;
  }
  s.assembler.reset();
  s.idle_since.reset();
  if (assembly.csv_separator != 0 || assembly.rule)
    s.assembler = std::make_unique<RecordAssembler>(std::move(assembly));
  s.parser = make_line_parser(po);
  s.years = s.parser->years();
  s.format = format;
  s.capture_header = is_csv_like(format) && po.columns.empty();
  if (s.entry != SIZE_MAX) positions_[s.entry].format = format;
}

void IngestRunner::on_opened(Source& s) {
  FollowReader& r = *s.reader;
  s.parser.reset();
  s.years = nullptr;
  s.header.reset();
  s.held.clear();
  s.held_lines = 0;
  s.assembler.reset();
  s.idle_since.reset();
  s.sniffing = false;
  s.capture_header = false;
  s.last_offset = 0;
  const OpenReason reason = r.open_reason();
  if (reason == OpenReason::rotated) diagnostics_.warn(fmt::format("{}: rotated; reading the new file", r.name()));
  if (reason == OpenReason::truncated) {
    const std::string lost =
        r.lost_bytes() > 0 ? fmt::format("{} bytes of a partial line, and ", r.lost_bytes()) : std::string();
    diagnostics_.warn(
        fmt::format("{}: truncated; {}whatever was written after the last read before the truncation "
                    "(an unknown amount) may be lost; reading it again from the start",
                    r.name(), lost));
  }
  if (reason == OpenReason::appeared) diagnostics_.warn(fmt::format("{}: appeared; reading it", r.name()));
  const SavedPosition* resumed = nullptr;
  const auto identity = r.identity();
  if (!identity) {
    s.entry = SIZE_MAX;
  } else if (reason == OpenReason::truncated && s.entry != SIZE_MAX) {
    positions_[s.entry] = start_of_file(r.path(), *identity);
    dirty_ = true;
  } else {
    const uint64_t size = r.file_size();
    const ResumePlan plan = plan_resume(positions_, r.fd(), size, r.compressed() ? UINT64_MAX : size);
    const bool continued =
        plan.kind == ResumePlan::Kind::fresh && s.continues != SIZE_MAX && reason == OpenReason::first;
    if (continued) {
      // The content of a file read before, under a new inode: skip what was read of it.
      SavedPosition from = positions_[s.continues];
      continued_.push_back(s.continues);
      const bool skipped = r.seek(from.offset, from.line);
      if (!skipped) {
        diagnostics_.warn(
            fmt::format("{}: has the first bytes of {} but is shorter than the {} bytes read of that; "
                        "reading it from the start",
                        r.name(), from.path, from.offset));
        from = start_of_file(r.path(), *identity);
      }
      from.path = r.path();
      from.identity = *identity;
      positions_.push_back(std::move(from));
      s.entry = positions_.size() - 1;
      if (skipped) resumed = &positions_.back();
      dirty_ = true;
    } else if (plan.kind == ResumePlan::Kind::resume && r.seek(plan.saved->offset, plan.saved->line)) {
      resumed = plan.saved;
    } else if (plan.kind != ResumePlan::Kind::fresh &&
               std::find(continued_.begin(), continued_.end(), static_cast<size_t>(plan.saved - positions_.data())) ==
                   continued_.end()) {
      diagnostics_.warn(
          fmt::format("{}: shorter than at the last checkpoint ({} bytes read): {}; reading it again "
                      "from the start",
                      r.name(), plan.saved->offset, truncation_loss(*plan.saved)));
    }
    if (continued) {
      // positions_ has the new entry already.
    } else if (plan.saved != nullptr) {
      s.entry = static_cast<size_t>(plan.saved - positions_.data());
      SavedPosition& entry = positions_[s.entry];
      // A rotated predecessor keeps the input name it was followed under, so that a
      // later restart still finds it beside that input.
      if (!s.predecessor) entry.path = r.path();
      if (!resumed) {
        entry = start_of_file(entry.path, *identity);
        dirty_ = true;
      }
    } else {
      positions_.push_back(start_of_file(r.path(), *identity));
      s.entry = positions_.size() - 1;
    }
    if (resumed == nullptr && !s.predecessor) warn_if_truncated(s, *identity);
  }
  s.last_offset = r.offset();
  if (resumed && !resumed->format.empty() &&
      (options_.parser.format == "auto" || resumed->format == options_.parser.format)) {
    const std::optional<std::string> header = resumed->header;
    const std::optional<YearInference::State> years = resumed->years;
    start_parser(s, resumed->format);
    if (years && s.years) {
      // Times without a year continue the years of the run before, not the clock's.
      s.years->restore(*years);
      positions_[s.entry].years = years;
    }
    if (header && s.capture_header) {
      // The header row was read before the checkpoint: the new parser learns it again.
      std::string discard;
      s.parser->parse(*header, discard);
      s.header = header;
      s.capture_header = false;
      positions_[s.entry].header = header;
    }
  } else if (options_.parser.format != "auto") {
    start_parser(s, options_.parser.format);
  } else {
    s.sniffing = true;
  }
}

void IngestRunner::resolve_sniff(Source& s) {
  s.sniffing = false;
  // Lines of stack traces are left out: they fit no format, and a log's first error
  // must not hide its format.
  std::vector<std::string_view> lines;
  for (const HeldLine& h : s.held)
    if (!h.too_long && !ContinuationRule::is_trace_line(h.text)) lines.push_back(h.text);
  if (lines.empty())
    for (const HeldLine& h : s.held)
      if (!h.too_long) lines.push_back(h.text);
  std::string format;
  try {
    format = sniff_format(lines);
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("{}: {}", s.reader->name(), e.what()));
  }
  fmt::print(stderr, "{}: {}: format {}\n", tool_name(), s.reader->name(), format);
  start_parser(s, format);
  std::vector<HeldLine> held = std::move(s.held);
  s.held.clear();
  for (const HeldLine& h : held) {
    Line line;
    line.text = h.text;
    line.source = s.reader->name();
    line.number = h.number;
    line.end_offset = h.end_offset;
    line.too_long = h.too_long;
    take_line(s, line);
  }
}

void IngestRunner::note_event_time(std::string_view event) {
  if (event_parser_.parse(event) != ParseOutcome::ok) return;
  const FieldValue v = event_parser_.get(ts_path_);
  if (v.type != ValueType::string) return;
  if (const auto t = parse_rfc3339(v.text)) {
    if (!max_time_ || *t > *max_time_) max_time_ = *t;
  }
}

std::optional<TimeUs> IngestRunner::event_time_of(FieldSource& fields) {
  // Parsers write ts as RFC 3339 text, or leave it out.
  const FieldValue ts = fields.get(ts_path_);
  return ts.type == ValueType::string ? parse_rfc3339(ts.text) : std::nullopt;
}

bool IngestRunner::passes_where(FieldSource& fields) {
  where_fields_.observe(fields);
  // ExprInput built in place on each path: copying a local optional into it stalled
  // on store forwarding, a measurable part of the cost of --where.
  if (where_->reads_event_time()) return where_->matches(ExprInput{fields, event_time_of(fields)});
  return where_->matches(ExprInput{fields, std::nullopt});
}

bool IngestRunner::passes_where(std::string_view event, size_t padding) {
  if (event_parser_.parse(event, padding) != ParseOutcome::ok) return false;
  return passes_where(event_parser_);
}

ParseResult IngestRunner::refusal() {
  if (where_ && where_->failed()) {
    where_reason_ = "--where: " + where_->error();
    return {ParseStatus::bad, where_reason_};
  }
  return {ParseStatus::bad, kReservedMemberReason};
}

bool IngestRunner::emit_event(std::string_view event) {
  if (where_ && !passes_where(event, 0)) {
    if (where_->failed()) return false;
    ++counts_for(current_format_).filtered;
    return true;
  }
  if (!setter_.empty()) {
    // passes_where() parsed the event already when there is a --where.
    if (!where_) event_parser_.parse(event);
    set_fields_.observe(event_parser_);
    with_set_.clear();
    setter_.apply(event, event_parser_, event_time_of(event_parser_), with_set_);
    event = with_set_;
  }
  if (!transform_.empty()) {
    transformed_.clear();
    transform_.apply(event, transformed_);
    event = transformed_;
  }
  // After --rename and --drop, which may take the member away.
  if (has_control_member(event)) return false;
  if (options_.stream.shard) {
    if (event_parser_.parse(event) == ParseOutcome::ok) {
      keys_.extract(event_parser_, key_buffer_);
      const Shard& shard = *options_.stream.shard;
      if (kafka_partition(keys_.shard_bytes(key_buffer_, shard_scratch_), shard.count) != shard.index) {
        ++counts_for(current_format_).other_shard;
        return true;
      }
    }
  }
  out_.line(event);
  ++counts_for(current_format_).events;
  ++events_;
  if (options_.idle_timeout > 0) note_event_time(event);
  return true;
}

void IngestRunner::take_line(Source& s, const Line& line) {
  if (!s.assembler) {
    handle_line(s, line, line.number);
    return;
  }
  s.idle_since.reset();
  s.assembler->push(line);
  drain_records(s);
}

void IngestRunner::drain_records(Source& s) {
  Record record;
  while (s.assembler->next(record)) handle_line(s, record.line, record.last_number, record.lines, record.cut);
}

void IngestRunner::end_records(Source& s, bool may_hold) {
  if (!s.assembler || !s.assembler->pending()) return;
  if (may_hold && hold_record_at_end(s)) return;
  s.assembler->finish();
  drain_records(s);
}

bool IngestRunner::hold_record_at_end(const Source& s) const {
  if (!state_dir_ || s.entry == SIZE_MAX) return false;
  struct stat st {};
  if (::stat(s.reader->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const auto modified = std::chrono::system_clock::time_point(
      std::chrono::seconds(st.st_mtim.tv_sec) +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
  return std::chrono::system_clock::now() - modified < std::chrono::microseconds(options_.multiline_timeout);
}

void IngestRunner::flush_idle_record(Source& s) {
  if (!s.assembler || !s.assembler->pending()) return;
  const auto now = Clock::now();
  if (!s.idle_since) {
    s.idle_since = now;
  } else if (now - *s.idle_since >= std::chrono::microseconds(options_.multiline_timeout)) {
    s.idle_since.reset();
    s.assembler->finish();
    drain_records(s);
  }
}

void IngestRunner::handle_line(Source& s, const Line& line, uint64_t last_number, size_t lines, RecordCut cut) {
  FormatCounts& counts = counts_for(s.format);
  counts.lines += lines;
  counts.bytes += line.end_offset - s.last_offset;
  s.last_offset = line.end_offset;
  if (s.entry != SIZE_MAX) {
    positions_[s.entry].offset = line.end_offset;
    positions_[s.entry].line = last_number;
  }
  dirty_ = true;
  if (line.too_long) {
    ++counts.bad;
    diagnostics_.bad_line(line.source, line.number,
                          fmt::format("line longer than --max-line ({} bytes)", options_.stream.max_line_bytes),
                          line.text);
    return;
  }
  if (lines > 1 || cut != RecordCut::none) [[unlikely]] {
    counts.joined += lines - 1;
    if (cut == RecordCut::unclosed) {
      ++counts.bad;
      diagnostics_.bad_line(line.source, line.number,
                            fmt::format("quoted field not closed within --max-record-lines ({} lines) and --max-line, "
                                        "or by the end of the input (format {}); read again from the next line",
                                        options_.max_record_lines, s.format),
                            line.text, ": " + shown_line(line.text));
      return;
    }
    if (cut == RecordCut::bound) {
      ++counts.cut;
      if (!told_cut_) {
        told_cut_ = true;
        diagnostics_.warn(fmt::format(
            "{}:{}: record cut after {} lines ({} bytes): over --max-record-lines ({}) or --max-line; the lines "
            "after it make a record of their own (--stats counts the cuts)",
            line.source, line.number, lines, line.text.size(), options_.max_record_lines));
      }
    }
  }
  ParseResult result;
  if (direct_) {
    std::string& buffer = out_.buffer();
    const size_t mark = buffer.size();
    result = s.parser->parse(line.text, buffer);
    // --where reads the fields the parser has parsed already (the json format), else
    // the event where the parser wrote it: the output block's spare capacity is the
    // padding simdjson needs, so nothing is copied.
    FieldSource* parsed = result.status == ParseStatus::ok && where_ ? s.parser->parsed_fields() : nullptr;
    if (result.status == ParseStatus::ok && where_ &&
        !(parsed ? passes_where(*parsed)
                 : passes_where(std::string_view(buffer).substr(mark), buffer.capacity() - buffer.size()))) {
      buffer.resize(mark);
      if (where_->failed()) result = refusal();
      else ++counts.filtered;
    } else if (result.status == ParseStatus::ok && has_control_member(std::string_view(buffer).substr(mark))) {
      buffer.resize(mark);
      result = {ParseStatus::bad, kReservedMemberReason};
    } else if (result.status == ParseStatus::ok) {
      if (options_.idle_timeout > 0) note_event_time(std::string_view(buffer).substr(mark));
      out_.end_line();
      ++counts.events;
      ++events_;
    }
  } else {
    scratch_.clear();
    result = s.parser->parse(line.text, scratch_);
    if (result.status == ParseStatus::ok) {
      current_format_ = s.format;
      if (!emit_event(scratch_)) result = refusal();
    }
  }
  if (s.capture_header) {
    s.capture_header = false;
    s.header = std::string(line.text);
    if (s.entry != SIZE_MAX) positions_[s.entry].header = s.header;
  }
  if (s.years) {
    const auto years = s.years->state();
    if (s.entry != SIZE_MAX) positions_[s.entry].years = years;
    if (years && !s.year_told) tell_year(s, years->year);
  }
  if (result.status == ParseStatus::ok) {
    counts.lenient += result.lenient ? 1 : 0;
  } else if (result.status == ParseStatus::skip) {
    ++counts.skipped;
    if (result.reason.data() == kUnmatchedReason.data()) ++counts.unmatched;
  } else if (result.status == ParseStatus::bad) {
    ++counts.bad;
    // Name the format and show the line: a wrong --format shows at once.
    // The --bad-lines file keeps the line in "raw"; stderr shows it too.
    diagnostics_.bad_line(line.source, line.number, fmt::format("{} (format {})", result.reason, s.format), line.text,
                          ": " + shown_line(line.text));
  }
}

void IngestRunner::tell_year(Source& s, int64_t year) {
  s.year_told = true;
  if (options_.parser.syslog_year != 0) return;
  fmt::print(stderr, "{}: {}: times without a year are taken to be in {} (from the clock; --year sets it)\n",
             tool_name(), s.reader->name(), year);
}

bool IngestRunner::pump(Source& s) {
  bool progressed = false;
  Line line;
  // The idle clock restarts once per turn that read lines, not per line: the clock is
  // read at most every kLinesPerTurn lines.
  struct IdleClock {
    IngestRunner& runner;
    bool& lines_read;
    ~IdleClock() {
      if (lines_read && runner.options_.idle_timeout > 0) runner.last_line_at_ = Clock::now();
    }
  } idle_clock{*this, progressed};
  for (int n = 0; n < kLinesPerTurn; ++n) {
    const FollowStatus status = s.reader->next(line);
    switch (status) {
      case FollowStatus::line:
        progressed = true;
        if (s.sniffing) {
          s.held.push_back(HeldLine{std::string(line.text), line.number, line.end_offset, line.too_long});
          if (!ContinuationRule::is_trace_line(line.text)) ++s.held_lines;
          if (s.held_lines >= kSniffLines || s.held.size() >= kSniffLines * 100) resolve_sniff(s);
        } else if (s.assembler) {
          take_line(s, line);
        } else {
          handle_line(s, line, line.number);
        }
        if (stop_requested()) return true;
        break;
      case FollowStatus::opened:
        end_records(s, false);  // what was read of the file before is complete
        on_opened(s);
        progressed = true;
        break;
      case FollowStatus::idle:
        if (s.sniffing && !s.held.empty()) resolve_sniff(s);
        flush_idle_record(s);
        return progressed;
      case FollowStatus::end:
        if (s.sniffing && !s.held.empty()) resolve_sniff(s);
        end_records(s, true);
        s.ended = true;
        if (s.years) future_times_ += s.years->future_times();
        if (!s.reader->damage().empty()) {
          diagnostics_.warn(fmt::format("{}; read the {} lines before the damage{}", s.reader->damage(),
                                        s.reader->line_number(),
                                        options_.skip_unreadable ? " and went on (--skip-unreadable)" : ""));
          if (!options_.skip_unreadable) damaged_ = s.reader->name();
        }
        return true;
      case FollowStatus::interrupted: return progressed;
    }
  }
  return true;
}

void IngestRunner::checkpoint() {
  if (!state_dir_ || !dirty_) return;
  // After COMMITTED too: a stage downstream may have taken a checkpoint of its own
  // after our last one (ss-sessionize --flush at end of input).
  const uint64_t id = std::max(last_checkpoint_, state_dir_->committed().value_or(0)) + 1;
  // Everything the snapshot counts as done is written out before the snapshot exists:
  // a crash between the two then repeats lines (they come after the last barrier)
  // instead of losing them.
  out_.flush();
  diagnostics_.flush();
  for (auto& s : sources_) {
    if (s->entry == SIZE_MAX || !s->reader->is_open()) continue;
    if (const auto identity = s->reader->identity()) positions_[s->entry].identity = *identity;
    if (!s->reader->compressed()) positions_[s->entry].size = s->reader->file_size();
  }
  SnapshotWriter writer(state_dir_->snapshot_path(stage_, id), kTool, stage_, id, params_);
  for (const SavedPosition& p : positions_) writer.record(saved_position_json(p));
  writer.commit();
  if (!recorded_) {
    // After the snapshot exists, never before: a record promises a snapshot.
    state_dir_->record_stage(stage_, kTool, restored_ ? last_checkpoint_ : id, restored_);
    recorded_ = true;
  }
  // The barrier follows every line before it and the snapshot that covers them.
  out_.control_line(make_checkpoint_record(id));
  out_.flush();
  last_checkpoint_ = id;
  dirty_ = false;
  ++checkpoints_;
  // Keep every snapshot a restore could still choose: the one at or before COMMITTED
  // and everything newer. Without a sink (no COMMITTED) only the newest.
  uint64_t keep_from = id;
  if (state_dir_->committed()) {
    const auto point = state_dir_->restore_point(stage_);
    keep_from = point ? *point : 0;
  }
  state_dir_->remove_older(stage_, keep_from);
}

void IngestRunner::maybe_idle_watermark(Clock::time_point now) {
  if (options_.idle_timeout <= 0) return;
  if (now - last_line_at_ < std::chrono::microseconds(options_.idle_timeout)) return;
  // The rule of the man page: the wall clock less --idle-timeout, raised to the newest
  // event time seen but never past the wall clock, and never behind the last one sent.
  const TimeUs wall =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  TimeUs mark = wall - options_.idle_timeout;
  if (max_time_ && *max_time_ > mark) mark = std::min(*max_time_, wall);
  if (last_watermark_ && mark <= *last_watermark_) return;
  out_.control_line(make_watermark_record(mark));
  out_.flush();
  last_watermark_ = mark;
}

void IngestRunner::print_stats() const {
  for (const auto& [format, c] : counts_) {
    std::string text = fmt::format("{}: stats: {}: {} lines, {} events, {} bad, {} skipped", tool_name(), format,
                                   c.lines, c.events, c.bad, c.skipped);
    if (c.joined > 0) text += fmt::format(", {} lines joined into multi-line records", c.joined);
    if (c.cut > 0) text += fmt::format(", {} records cut at --max-record-lines or --max-line", c.cut);
    if (options_.stream.shard) text += fmt::format(", {} in other shards", c.other_shard);
    if (where_) text += fmt::format(", {} left out by --where", c.filtered);
    if (c.lenient > 0) text += fmt::format(", {} lenient", c.lenient);
    text += fmt::format(", {} bytes\n", c.bytes);
    fmt::print(stderr, "{}", text);
  }
}

int IngestRunner::run() {
  // First of all, so that a stop during a long restore still ends with a checkpoint.
  install_stop_handlers();
  restore();
  std::vector<std::string> inputs = options_.stream.inputs;
  if (inputs.empty()) inputs.push_back("-");
  // Before the first barrier: an input that cannot be opened ends the run untouched.
  inputs = prepare_inputs(inputs);
  if (state_dir_) {
    // The first line of a run is a barrier: it tells the stages downstream that this
    // pipeline checkpoints, so when their input ends without a final barrier they
    // know we were killed and leave what we sent after our last barrier to the replay.
    dirty_ = true;
    checkpoint();
  }
  FollowReaderOptions reader_options;
  reader_options.follow = options_.follow;
  reader_options.max_line_bytes = options_.stream.max_line_bytes;
  reader_options.partial_timeout = options_.partial_timeout;
  uint64_t total_size = 0;
  for (const std::string& path : inputs) {
    auto s = std::make_unique<Source>();
    s->reader = std::make_unique<FollowReader>(path, reader_options);
    s->reader->set_before_block([this] {
      out_.flush();
      diagnostics_.flush();
    });
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
      total_size += static_cast<uint64_t>(st.st_size);
    if (const auto c = continues_.find(path); c != continues_.end()) s->continues = c->second;
    sources_.push_back(std::move(s));
  }
  if (!positions_.empty()) add_rotated_predecessors();
  const bool show_progress = options_.stream.progress.value_or(isatty(2) && total_size > 0 && !options_.follow);
  Progress progress(show_progress, total_size);
  const auto interval = std::chrono::microseconds(options_.checkpoint_interval);
  auto next_checkpoint = Clock::now() + interval;
  last_line_at_ = Clock::now();
  const auto bytes_read = [this] {
    uint64_t total = 0;
    for (const auto& s : sources_) total += s->reader->bytes_read();
    return total;
  };
  for (;;) {
    bool active = false;
    bool progressed = false;
    Source* waiting = nullptr;
    for (auto& s : sources_) {
      if (s->ended) continue;
      active = true;
      if (pump(*s)) progressed = true;
      if (!s->ended && waiting == nullptr) waiting = s.get();
      // Without --follow the inputs are read one after the other.
      if (!options_.follow || stop_requested()) break;
    }
    // Once per turn of up to kLinesPerTurn lines: often enough to redraw within a file.
    progress.update_block(bytes_read(), events_);
    if (!active || stop_requested() || !damaged_.empty()) break;
    const auto now = Clock::now();
    if (state_dir_ && options_.checkpoint_interval > 0 && now >= next_checkpoint) {
      checkpoint();
      next_checkpoint = now + interval;
    }
    if (progressed || waiting == nullptr) continue;
    // Every input is idle: show what we have, then wait a little.
    out_.flush();
    diagnostics_.flush();
    maybe_idle_watermark(now);
    auto wait = std::chrono::microseconds(options_.poll_interval);
    if (state_dir_ && options_.checkpoint_interval > 0)
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::microseconds>(next_checkpoint - now));
    waiting->reader->wait(static_cast<int>(std::max<int64_t>(1, wait.count() / 1000)));
  }
  // Stopped by a signal: without --state a pending record is complete, as the input
  // ends here; with it the record stays unread, and the next run reads it whole.
  if (!state_dir_)
    for (auto& s : sources_) end_records(*s, false);
  checkpoint();
  out_.flush();
  diagnostics_.flush();
  progress.finish(bytes_read(), events_);
  if (options_.stats) print_stats();
  for (const FieldPresence* presence : {&where_fields_, &set_fields_})
    for (const std::string& warning : presence->warnings()) diagnostics_.warn(warning);
  diagnostics_.print_summary(events_);
  for (const auto& [format, c] : counts_)
    if (c.unmatched > 0)
      fmt::print(stderr, "{}: {} lines did not match the pattern and were skipped (--unmatched skip)\n", tool_name(),
                 c.unmatched);
  for (const auto& s : sources_)
    if (!s->ended && s->years) future_times_ += s->years->future_times();
  if (future_times_ > 0)
    diagnostics_.warn(
        fmt::format("{} events were put more than a day after the clock by the year given to times "
                    "written without one: give the right --year",
                    future_times_));
  if (!damaged_.empty())
    throw_io(
        fmt::format("{}: could not be read to its end; the inputs after it were not read "
                    "(--skip-unreadable goes on past it)",
                    damaged_));
  uint64_t lines = 0, bad = 0, skipped = 0, events = 0;
  for (const auto& [format, c] : counts_) {
    lines += c.lines - c.joined;  // records
    bad += c.bad;
    skipped += c.skipped;
    events += c.events + c.filtered + c.other_shard;
  }
  if (bad > 0 && events == 0 && bad + skipped == lines) {
    std::string formats;
    for (const auto& [format, c] : counts_) formats += (formats.empty() ? "" : ", ") + format;
    throw_data(fmt::format("all {} lines were bad: is --format {} right?", bad, formats));
  }
  return 0;
}

}  // namespace ss
