// What the three models of ss-detect share with the operator that drives them: score
// an event with the model as it stands, then learn from it (prequential order), and
// save or load the model as JSON records (snapshots, --export, --model-in).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "ss/json/json_writer.hpp"
#include "ss/op/operator.hpp"
#include "ss/state/snapshot_record.hpp"

namespace ss {

enum class ScoreOutcome {
  scored,    ///< value and anomaly are set (cluster too for kmeans)
  no_model,  ///< nothing learned yet that could score it: "score":null
  skipped,   ///< the event lacks what the model reads: passed on unchanged, counted
  label,     ///< a late label joined to an earlier event: passed on unchanged
  bad,       ///< a field the model reads holds what it cannot use (logreg's --label)
};

struct Score {
  ScoreOutcome outcome = ScoreOutcome::scored;
  double value = 0;
  bool anomaly = false;
  int64_t cluster = -1;  ///< kmeans only
};

/// Receives one saved record: a complete JSON object on one line.
using RecordSink = std::function<void(std::string_view)>;

class DetectModel {
 public:
  virtual ~DetectModel() = default;

  /// Members naming what the model's numbers refer to (fields, keys, k, hash size): a
  /// model file made with other ones cannot be loaded.
  virtual void write_structure(JsonObjectWriter& w) const = 0;

  /// Reads what score() uses from `event.fields` (the operator's read_fields()).
  virtual void read_fields(const Event& event) = 0;
  /// Why read_fields() could not read the event (an expression failed), else empty.
  virtual std::string_view read_failure() const { return {}; }
  /// Scores the event read_fields() read with the model as it is, then (unless
  /// frozen) learns from it.
  virtual Score score(const Event& event) = 0;
  /// read_fields(), then score().
  Score on_event(const Event& event) {
    read_fields(event);
    return score(event);
  }
  /// Expires what waits for the watermark (idle keys, labels that never came).
  virtual void on_watermark(TimeUs watermark) = 0;

  /// The learned model, as records; model_records() says how many save_model() writes.
  virtual size_t model_records() const = 0;
  virtual void save_model(const RecordSink& sink) const = 0;
  /// What is in flight besides the model (a mini-batch, events waiting for labels);
  /// snapshots keep it, --export does not.
  virtual void save_buffers(const RecordSink& sink) const = 0;
  /// Forgets everything, as before the first event.
  virtual void clear() = 0;
  /// Loads one record of save_model() or save_buffers(); a record that does not fit
  /// throws ss::Error(state) through the record's accessors, which name the file.
  virtual void load_model_record(const SnapshotValue& record) = 0;
  virtual void load_buffer_record(const SnapshotValue& record) = 0;

  /// Why the last score() returned skipped or bad, for messages.
  virtual std::string_view reason() const = 0;
  /// Lines for standard error at the end of a run: what was forgotten, re-seeded or
  /// left without a label; none when nothing was.
  virtual std::vector<std::string> summary() const = 0;
};

}  // namespace ss
