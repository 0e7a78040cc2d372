// Which pipeline a sink belongs to, for the bookkeeping it leaves in a destination:
// a random id kept in DIR/pipeline-id, made at the first start with --state DIR, and
// the sink's stage name. Two pipelines have different ids even when they run the same
// commands, so a sink takes back only what its own pipeline wrote; moving the state
// directory keeps the id.
#pragma once

#include <optional>
#include <string>

namespace ss {

struct PipelineIdentity {
  std::string id;         ///< 32 hex digits
  std::string stage;      ///< --name, default sink
  std::string state_dir;  ///< absolute path, named in messages only

  /// Reads DIR/pipeline-id, creating it when missing. Throws ss::Error(state) when
  /// the file is unreadable or malformed, ss::Error(io) when it cannot be made.
  static PipelineIdentity of_state_dir(const std::string& dir, std::string stage);

  /// The id kept in DIR/pipeline-id; nullopt when DIR or the file does not exist (the
  /// pipeline was removed, or never started). Throws ss::Error(state) when malformed.
  static std::optional<std::string> existing_id(const std::string& dir);
};

}  // namespace ss
