#include "read_positions.hpp"

#include <fmt/format.h>

namespace ss {

namespace {

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

}  // namespace

const SavedPosition* ReadPositions::open(IngestSource& s) {
  FollowReader& r = *s.reader;
  const OpenReason reason = r.open_reason();
  const SavedPosition* resumed = nullptr;
  const auto identity = r.identity();
  if (!identity) {
    s.entry = IngestSource::kNoEntry;
  } else if (reason == OpenReason::truncated && s.entry != IngestSource::kNoEntry) {
    positions_[s.entry] = start_of_file(r.path(), *identity);
    dirty_ = true;
  } else {
    const uint64_t size = r.file_size();
    ResumePlan plan = plan_resume(positions_, r.fd(), size, r.compressed() ? UINT64_MAX : size);
    // The content of a file read before tells more than an inode: one whose saved file
    // was deleted can come back for another file (gzip frees the rotated file's inode,
    // and the next new log may get it), which looks like that file truncated.
    const bool continued =
        plan.kind != ResumePlan::Kind::resume && s.continues != IngestSource::kNoEntry && reason == OpenReason::first;
    if (continued) {
      // The content of a file read before, under a new inode: skip what was read of it.
      SavedPosition from = positions_[s.continues];
      // This file holds that position now; the old entry, and one whose inode this file
      // reused, must never be resumed again.
      retire(s.continues);
      if (plan.saved != nullptr) retire(static_cast<size_t>(plan.saved - positions_.data()));
      plan.saved = nullptr;
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
    } else if (plan.kind != ResumePlan::Kind::fresh) {
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
  return resumed;
}

void ReadPositions::retire(size_t entry) {
  positions_[entry].offset = 0;
  positions_[entry].line = 0;
  dirty_ = true;
}

void ReadPositions::warn_if_truncated(IngestSource& s, const FileIdentity& identity) {
  for (size_t i = 0; i < positions_.size(); ++i) {
    SavedPosition& p = positions_[i];
    if (i == s.entry || p.offset == 0 || !p.identity.same_inode(identity) || p.path != s.reader->path()) continue;
    // (An entry a copy continued was retired when the copy was opened: no warning then.)
    diagnostics_.warn(
        fmt::format("{}: truncated or rewritten since the last checkpoint, which had read {} bytes "
                    "of it: {}",
                    s.reader->name(), p.offset, truncation_loss(p)));
    // Lost: never resume it again.
    retire(i);
  }
}

void ReadPositions::refresh(const std::vector<std::unique_ptr<IngestSource>>& sources) {
  for (const auto& s : sources) {
    if (s->entry == IngestSource::kNoEntry || !s->reader->is_open()) continue;
    if (const auto identity = s->reader->identity()) positions_[s->entry].identity = *identity;
    if (!s->reader->compressed()) positions_[s->entry].size = s->reader->file_size();
  }
}

}  // namespace ss
