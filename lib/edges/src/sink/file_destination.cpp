#include "ss/sink/file_destination.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/sink/record_time.hpp"
#include "ss/state/state_dir.hpp"
#include "ss/state/temp_file.hpp"

namespace ss {

namespace {

/// A part's buffer is written out once it holds this much, whatever the batch says,
/// so that many open parts cannot hold much memory.
constexpr size_t kPartBufferBytes = 256u << 10;

std::string parent_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string join(const std::string& dir, const std::string& name) { return dir.empty() ? name : dir + "/" + name; }

/// The longest file name and path the sink makes (NAME_MAX, PATH_MAX on Linux).
constexpr size_t kNameMax = 255;
constexpr size_t kPathMax = 4095;
/// What a part name adds to the stem and suffix at most: `-<checkpoint>-<k>`, with
/// 20 digits each (the in-progress name `.<stem>-<k><suffix>.inprogress` is shorter).
constexpr size_t kPartNameExtra = 42;

/// Past this many parts closed for now, or directories to sync, a commit syncs the
/// file system once (syncfs) instead of each file and directory.
constexpr size_t kSyncEachMax = 64;

/// The owner file's text: pipeline id and stage, then the state directory.
struct Owner {
  std::string id;
  std::string stage;
  std::string state_dir;
};

std::optional<Owner> read_owner(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  Owner owner;
  std::string line;
  std::getline(in, line);
  const size_t space = line.find(' ');
  owner.id = line.substr(0, space);
  owner.stage = space == std::string::npos ? "" : line.substr(space + 1);
  std::getline(in, owner.state_dir);
  return owner;
}

}  // namespace

FileDestination::FileDestination(const SinkOptions& options, std::function<void(std::string_view)> warn)
    : options_(options), warn_(std::move(warn)), template_(options.target) {
  values_.resize(template_.fields().size());
  fixed_path_ = options_.format == RecordFormat::ndjson && !template_.uses_time() && template_.fields().empty();
  if (fixed_path_) template_.expand(0, values_, fixed_dir_, fixed_stem_);
  if (!options_.has_state()) {
    if (const auto owner = read_owner(owner_path()))
      throw_state(
          fmt::format("{}: the parts of file:{} belong to the pipeline with state directory {} (--name {}); "
                      "without --state this run would replace them: give it another template or directory",
                      owner_path(), options_.target, owner->state_dir, owner->stage));
  }
}

FileDestination::~FileDestination() {
  abandon();
  if (root_fd_ >= 0) ::close(root_fd_);
}

std::string FileDestination::owner_path() const {
  return join(template_.literal_root(), "." + template_.last_component() + ".ss-sink-owner");
}

void FileDestination::claim(const PipelineIdentity& pipeline) {
  const std::string path = owner_path();
  if (const auto owner = read_owner(path)) {
    if (owner->id == pipeline.id && owner->stage == pipeline.stage) return;
    // Parts of a pipeline whose state directory is gone (removed to start over) have no
    // owner left to protect: this pipeline takes them over and rewrites them.
    if (PipelineIdentity::existing_id(owner->state_dir) != owner->id) {
      warn_(
          fmt::format("{}: the parts of file:{} belonged to a pipeline whose state directory {} is gone or was "
                      "made anew; this pipeline takes them over",
                      path, options_.target, owner->state_dir));
    } else {
      throw_state(fmt::format(
          "{}: the parts of file:{} belong to another pipeline (state directory {}, --name {}); this one ({}) would "
          "remove or replace them: give it another template or directory",
          path, options_.target, owner->state_dir, owner->stage, pipeline.state_dir));
    }
  }
  make_directories(template_.literal_root());
  TempFile tmp(path);
  tmp.write(pipeline.id + ' ' + pipeline.stage + '\n' + pipeline.state_dir + '\n');
  tmp.commit(false);
  sync_directory(parent_of(path));
}

void FileDestination::recover(uint64_t committed) {
  size_t parts = 0;
  size_t in_progress = 0;
  for (const TemplateOutput& output : template_.existing_outputs()) {
    if (!output.in_progress && output.checkpoint <= committed) continue;
    if (::unlink(output.path.c_str()) != 0 && errno != ENOENT)
      throw_io(output.path + ": cannot remove uncommitted output: " + std::strerror(errno));
    dirs_to_sync_.insert(parent_of(output.path));
    ++(output.in_progress ? in_progress : parts);
  }
  for (const std::string& dir : dirs_to_sync_) sync_directory(dir);
  dirs_to_sync_.clear();
  if (parts > 0)
    warn_(fmt::format("removed {} part{} of checkpoints after {}, the last committed one", parts, parts == 1 ? "" : "s",
                      committed));
  if (in_progress > 0)
    warn_(fmt::format("removed {} in-progress file{} of an interrupted run", in_progress, in_progress == 1 ? "" : "s"));
}

void FileDestination::make_directories(const std::string& dir) {
  if (dir.empty() || known_dirs_.count(dir)) return;
  // Create each missing level; a new directory's entry lives in its parent, which
  // must be fsync'd too before a part inside it counts as durable.
  size_t pos = dir[0] == '/' ? 1 : 0;
  for (;;) {
    const size_t slash = dir.find('/', pos);
    const std::string prefix = dir.substr(0, slash);
    if (!known_dirs_.count(prefix)) {
      if (::mkdir(prefix.c_str(), 0777) == 0) {
        dirs_to_sync_.insert(parent_of(prefix));
      } else if (errno != EEXIST) {
        throw_io(prefix + ": cannot create directory: " + std::strerror(errno));
      }
      known_dirs_.insert(prefix);
    }
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
}

ZstdContext FileDestination::take_context() {
  ZstdContext zstd;
  if (!template_.compressed()) return zstd;
  if (!spare_contexts_.empty()) {
    zstd = std::move(spare_contexts_.back());
    spare_contexts_.pop_back();
    ZSTD_CCtx_reset(zstd.get(), ZSTD_reset_session_only);
  } else {
    zstd.reset(ZSTD_createCCtx());
    if (!zstd) throw std::bad_alloc();
    ZSTD_CCtx_setParameter(zstd.get(), ZSTD_c_compressionLevel, options_.zstd_level);
    ZSTD_CCtx_setParameter(zstd.get(), ZSTD_c_checksumFlag, 1);
  }
  return zstd;
}

void FileDestination::make_room() {
  if (open_.size() < options_.max_open_files) return;
  // The part written least recently is closed for now, not ended: its path's next
  // record opens it again to append, and the commit makes it durable with the rest.
  Part& part = *open_.back();
  part.file->suspend();
  if (auto zstd = part.file->release_context()) spare_contexts_.push_back(std::move(zstd));
  open_.pop_back();
  ++suspended_;
}

FileDestination::Part& FileDestination::open_part(const std::string& dir, const std::string& stem, PathParts& path) {
  make_room();
  make_directories(dir);
  if (root_fd_ < 0) {
    const std::string root = template_.literal_root();
    root_fd_ = ::open(root.empty() ? "." : root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  auto part = std::make_unique<Part>(Part{dir,
                                          stem,
                                          path.next_k++,
                                          nullptr,
                                          RecordFormatter(options_.format,
                                                          [this](std::string_view field) {
                                                            if (dropped_fields_.insert(std::string(field)).second)
                                                              warn_(fmt::format(
                                                                  "field \"{}\" is not in the header of its part "
                                                                  "(taken from the part's first record); dropped",
                                                                  field));
                                                          }),
                                          {}});
  part->file =
      std::make_unique<PartFile>(join(dir, template_.in_progress_name(stem, part->k)), take_context(), syncer_);
  open_.push_front(part.get());
  part->lru = open_.begin();
  path.open = part.get();
  parts_.push_back(std::move(part));
  return *parts_.back();
}

void FileDestination::finish_part(Part& part, bool sync) {
  if (part.file->finished()) return;
  const bool was_open = !part.file->suspended();
  part.file->finish(sync);
  if (was_open) {
    if (auto zstd = part.file->release_context()) spare_contexts_.push_back(std::move(zstd));
    open_.erase(part.lru);
  } else {
    --suspended_;
  }
  // The path's next record starts a new part.
  const auto it = paths_.find(join(part.dir, part.stem));
  if (it != paths_.end() && it->second.open == &part) it->second.open = nullptr;
}

WriteResult FileDestination::write(RecordFields& record) {
  TimeUs time = 0;
  if (template_.uses_time()) {
    const FieldPath* present = nullptr;
    FieldValue value;
    for (const FieldPath& path : options_.time_fields) {
      value = record.get(path);
      if (value.present()) {
        present = &path;
        break;
      }
    }
    if (present == nullptr) {
      bad_reason_ = "no time field";
      for (size_t i = 0; i < options_.time_fields.size(); ++i)
        bad_reason_ += fmt::format("{}\"{}\"",
                                   i == 0                                 ? " "
                                   : i + 1 == options_.time_fields.size() ? " or "
                                                                          : ", ",
                                   options_.time_fields[i].text());
      return WriteResult::bad;
    }
    const auto t = value_time(value, options_.stream.time_unit);
    if (!t) {
      bad_reason_ = fmt::format("unparseable time in \"{}\"", present->text());
      return WriteResult::bad;
    }
    time = *t;
  }
  for (size_t i = 0; i < values_.size(); ++i) values_[i] = record.get(template_.fields()[i]);
  template_.expand(time, values_, dir_, stem_);
  if (!values_.empty() && !path_fits()) return WriteResult::bad;
  key_ = join(dir_, stem_);
  Part& part = part_to_write(dir_, stem_, paths_[key_]);
  std::string& buffer = part.file->buffer();
  const size_t before = buffer.size();
  part.formatter.append(record, buffer);
  record_appended(part, buffer.size() - before);
  return WriteResult::accepted;
}

WriteResult FileDestination::write_line(std::string_view line) {
  SS_ASSERT(fixed_path_);
  if (fixed_path_parts_ == nullptr) fixed_path_parts_ = &paths_[join(fixed_dir_, fixed_stem_)];
  Part& part = part_to_write(fixed_dir_, fixed_stem_, *fixed_path_parts_);
  std::string& buffer = part.file->buffer();
  const size_t before = buffer.size();
  append_ndjson_line(line, buffer);
  record_appended(part, buffer.size() - before);
  return WriteResult::accepted;
}

bool FileDestination::path_fits() {
  const size_t name = stem_.size() + template_.suffix().size() + kPartNameExtra;
  if (name > kNameMax) {
    bad_reason_ = fmt::format(
        "the part name made from the record's fields would be over the limit of {} bytes (its "
        "stem alone is {} bytes)",
        kNameMax, stem_.size());
    return false;
  }
  size_t start = 0;
  while (start < dir_.size()) {
    size_t slash = dir_.find('/', start);
    if (slash == std::string::npos) slash = dir_.size();
    if (slash - start > kNameMax) {
      bad_reason_ =
          fmt::format("a directory name made from the record's fields would be {} bytes, over the limit of {}",
                      slash - start, kNameMax);
      return false;
    }
    start = slash + 1;
  }
  if (dir_.size() + 1 + name > kPathMax) {
    bad_reason_ = fmt::format("the path made from the record's fields would be {} bytes, over the limit of {}",
                              dir_.size() + 1 + name, kPathMax);
    return false;
  }
  return true;
}

FileDestination::Part& FileDestination::part_to_write(const std::string& dir, const std::string& stem,
                                                      PathParts& path) {
  Part* part = path.open;
  if (part != nullptr && ((options_.max_records > 0 && part->file->records() >= options_.max_records) ||
                          (options_.max_bytes > 0 && part->file->bytes() >= options_.max_bytes))) {
    finish_part(*part);
    part = nullptr;
  }
  if (part == nullptr) return open_part(dir, stem, path);
  if (part->file->suspended()) {
    make_room();
    part->file->resume(take_context());
    --suspended_;
    open_.push_front(part);
    part->lru = open_.begin();
  }
  return *part;
}

void FileDestination::record_appended(Part& part, size_t bytes) {
  part.file->end_record(bytes);
  if (part.file->buffer().size() >= kPartBufferBytes) part.file->flush();
  if (part.lru != open_.begin()) open_.splice(open_.begin(), open_, part.lru);
  ++buffered_;
}

void FileDestination::flush() {
  for (Part* part : open_) part->file->flush();
  buffered_ = 0;
}

void FileDestination::commit(uint64_t checkpoint) {
  last_committed_.clear();
  // Many parts closed for now (more than --max-open-files paths): one syncfs makes
  // them all durable, instead of opening and fsyncing each again.
  const bool sync_all = root_fd_ >= 0 && suspended_ > kSyncEachMax;
  for (auto& part : parts_) finish_part(*part, !sync_all);
  if (sync_all && ::syncfs(root_fd_) != 0)
    throw_io(template_.literal_root() + ": syncfs failed: " + std::strerror(errno));
  try {
    for (auto& part : parts_) {
      const std::string& from = part->file->path();
      std::string to = join(part->dir, template_.part_name(part->stem, checkpoint, part->k));
      if (::rename(from.c_str(), to.c_str()) != 0) throw_io(to + ": rename failed: " + std::strerror(errno));
      dirs_to_sync_.insert(part->dir.empty() ? "." : part->dir);
      last_committed_.push_back(std::move(to));
    }
    if (root_fd_ >= 0 && dirs_to_sync_.size() > kSyncEachMax) {
      if (::syncfs(root_fd_) != 0) throw_io(template_.literal_root() + ": syncfs failed: " + std::strerror(errno));
    } else {
      for (const std::string& dir : dirs_to_sync_) sync_directory(dir);
    }
  } catch (...) {
    // Checkpoint N is not committed: take back the parts already renamed (the next
    // recover() would remove them anyway, since COMMITTED stays below N).
    for (const std::string& path : last_committed_) ::unlink(path.c_str());
    last_committed_.clear();
    throw;
  }
  dirs_to_sync_.clear();
  parts_.clear();
  paths_.clear();
  suspended_ = 0;
  fixed_path_parts_ = nullptr;
  buffered_ = 0;
}

void FileDestination::abandon() noexcept {
  // Half-written parts are removed, as zstd removes a half-written output file.
  for (auto& part : parts_) {
    if (part->file && !part->file->path().empty()) ::unlink(part->file->path().c_str());
  }
  open_.clear();
  parts_.clear();
  paths_.clear();
  suspended_ = 0;
  fixed_path_parts_ = nullptr;
  buffered_ = 0;
}

}  // namespace ss
