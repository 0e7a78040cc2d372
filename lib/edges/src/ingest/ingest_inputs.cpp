#include "ingest_inputs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/base/hash64.hpp"
#include "ss/ingest/rotation_order.hpp"
#include "ss/io/input_file.hpp"

namespace ss {

namespace {

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

std::string directory_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

/// Whether `path` is the file `saved` was read from (same inode and first bytes: an
/// inode alone may have been reused by another file) with more in it than was read.
bool holds_more_of(const std::string& path, const SavedPosition& saved) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  const bool more = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > saved.offset &&
                    match_identity(saved.identity, fd, static_cast<uint64_t>(st.st_size)) == IdentityMatch::same;
  ::close(fd);
  return more;
}

}  // namespace

IngestInputs::IngestInputs(const IngestOptions& options, Diagnostics& diagnostics)
    : options_(options), diagnostics_(diagnostics) {}

void IngestInputs::prepare(const std::vector<SavedPosition>& saved) {
  if (options_.kafka) {
    kafka_ = std::make_unique<KafkaInput>(options_);
    kafka_->prepare();
    return;
  }
  std::vector<std::string> inputs = options_.stream.inputs;
  if (inputs.empty()) inputs.push_back("-");
  paths_ = order_inputs(inputs, saved);
}

void IngestInputs::open(const std::vector<SavedPosition>& saved, const std::function<void()>& before_block) {
  FollowReaderOptions reader_options;
  reader_options.follow = options_.follow;
  reader_options.max_line_bytes = options_.stream.max_line_bytes;
  reader_options.partial_timeout = options_.partial_timeout;
  for (const std::string& path : paths_) {
    auto s = std::make_unique<IngestSource>();
    s->reader = std::make_unique<FollowReader>(path, reader_options);
    s->reader->set_before_block(before_block);
    struct stat st {};
    if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode))
      total_size_ += static_cast<uint64_t>(st.st_size);
    if (const auto c = continues_.find(path); c != continues_.end()) s->continues = c->second;
    sources_.push_back(std::move(s));
  }
  if (!saved.empty()) add_rotated_predecessors(saved);
}

std::vector<std::string> IngestInputs::order_inputs(const std::vector<std::string>& inputs,
                                                    const std::vector<SavedPosition>& saved) {
  struct Found {
    RotationInput input;
    uint64_t device = 0, inode = 0;
    bool inode_known = false;  ///< a saved position has its inode (any content)
  };
  std::vector<Found> found;
  std::vector<bool> intact(saved.size(), false);  // the saved file is an input, content unchanged
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
      for (size_t i = 0; i < saved.size(); ++i) {
        const SavedPosition& p = saved[i];
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
    for (size_t i = 0; i < saved.size(); ++i) {
      const SavedPosition& p = saved[i];
      if (p.offset == 0 || intact[i] || p.identity.fingerprint_bytes == 0) continue;
      if (!prefix_read) {
        prefix = content_prefix(f.input.path);
        prefix_read = true;
      }
      if (prefix.size() < p.identity.fingerprint_bytes ||
          hash64(std::string_view(prefix).substr(0, p.identity.fingerprint_bytes)) != p.identity.fingerprint)
        continue;
      if (best == SIZE_MAX || p.offset > saved[best].offset) best = i;
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
    const FileIdentity& copied = saved[c->second].identity;
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

void IngestInputs::add_rotated_predecessors(const std::vector<SavedPosition>& saved_positions) {
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
  std::vector<std::unique_ptr<IngestSource>> sources;
  for (auto& s : sources_) {
    for (const SavedPosition& saved : saved_positions) {
      if (saved.offset == 0 || saved.path != s->reader->path() || is_input(saved.identity.device, saved.identity.inode))
        continue;
      DIR* dir = ::opendir(directory_of(saved.path).c_str());
      if (dir == nullptr) continue;
      std::string found;
      while (const dirent* e = ::readdir(dir)) {
        if (e->d_ino != saved.identity.inode) continue;
        const std::string dir_name = directory_of(saved.path);
        const std::string candidate =
            saved.path.find('/') == std::string::npos ? std::string(e->d_name) : dir_name + "/" + e->d_name;
        if (holds_more_of(candidate, saved)) {
          found = candidate;
          break;
        }
      }
      ::closedir(dir);
      if (found.empty()) continue;
      diagnostics_.warn(
          fmt::format("{}: rotated to {} since the last run; reading the rest of it first", saved.path, found));
      auto pre = std::make_unique<IngestSource>();
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

}  // namespace ss
