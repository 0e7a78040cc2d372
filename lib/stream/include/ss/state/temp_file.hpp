// A new file written beside its final name and renamed into place, created so that
// nobody else who can write the directory can make us write elsewhere: a fresh
// unpredictable name, O_CREAT|O_EXCL (never opens an existing file, never follows a
// symlink planted under that name), mode 0666 less the umask.
#pragma once

#include <string>
#include <string_view>

namespace ss {

class TempFile {
 public:
  /// Creates `<final_path>.tmp.<pid>.<random>`; throws ss::Error(io) when it cannot.
  explicit TempFile(std::string final_path);
  ~TempFile();  ///< removes the temp file unless commit() succeeded
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int fd() const { return fd_; }
  const std::string& path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }

  /// Writes all of `data`; throws ss::Error(io) naming the temp file.
  void write(std::string_view data);

  /// fsync, close, rename onto the final name, fsync of the directory when `sync_dir`.
  /// Throws ss::Error(io); the temp file is then removed.
  void commit(bool sync_dir = true);

 private:
  std::string final_path_;
  std::string temp_path_;
  int fd_ = -1;
  bool committed_ = false;
};

/// Opens a new file at exactly `path` for writing the way TempFile does (O_EXCL: an
/// existing file or symlink there is an error, EEXIST); returns the fd or -1 with errno.
int create_new_file(const std::string& path);

}  // namespace ss
