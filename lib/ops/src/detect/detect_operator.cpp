#include "ss/detect/detect_operator.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/detect/ewma_model.hpp"
#include "ss/detect/kmeans_model.hpp"
#include "ss/detect/logreg_model.hpp"
#include "ss/detect/threshold_model.hpp"
#include "ss/state/snapshot_reader.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/state/snapshot_record_writer.hpp"
#include "ss/state/snapshot_writer.hpp"
#include "ss/state/temp_file.hpp"

namespace ss {

namespace {

constexpr uint64_t kModelFileVersion = 1;

std::unique_ptr<DetectModel> make_model(const DetectOptions& options) {
  switch (options.model) {
    case ModelKind::ewma: return std::make_unique<EwmaModel>(options);
    case ModelKind::kmeans: return std::make_unique<KMeansModel>(options);
    case ModelKind::logreg: return std::make_unique<LogRegModel>(options);
    case ModelKind::threshold: return std::make_unique<ThresholdModel>(options);
  }
  throw Error(ErrorKind::internal, "unknown model");
}

}  // namespace

DetectOperator::DetectOperator(const DetectOptions& options) : options_(options), model_(make_model(options_)) {
  if (!options_.model_in.empty()) import_model(options_.model_in);
}

std::string DetectOperator::structure() const {
  std::string out;
  JsonObjectWriter w(out);
  model_->write_structure(w);
  w.finish();
  return out;
}

std::string DetectOperator::semantic_params() const {
  // Everything that changes what the model learns; --only-anomalies only filters.
  std::string out;
  JsonObjectWriter w(out);
  w.string("model", model_name(options_.model));
  w.raw("structure", structure());
  w.string("time_field", options_.stream.time_field.text());
  w.number("half_life_us", static_cast<int64_t>(options_.half_life));
  w.number("threshold", options_.threshold);
  w.number("min_events", static_cast<uint64_t>(options_.min_events));
  w.number("anomaly_weight", options_.anomaly_weight);
  w.number("ttl_us", static_cast<int64_t>(options_.ttl));
  w.number("max_keys", static_cast<uint64_t>(options_.max_keys));
  w.number("batch", static_cast<uint64_t>(options_.batch));
  w.number("seed", options_.seed);
  w.string("label", options_.label.text());
  w.string("id", options_.id.text());
  w.string("id_expr", options_.id_expr);
  w.number("label_delay_us", static_cast<int64_t>(options_.label_delay));
  w.number("alpha", options_.alpha);
  w.number("beta", options_.beta);
  w.number("l1", options_.l1);
  w.number("l2", options_.l2);
  w.finish();
  return out;
}

void DetectOperator::read_fields(const Event& event) { model_->read_fields(event); }

EventResult DetectOperator::on_event(const Event& event, OutputBuffer& out) {
  const Score score = model_->score(event);
  switch (score.outcome) {
    case ScoreOutcome::bad: bad_reason_ = model_->reason(); return EventResult::bad;
    case ScoreOutcome::skipped: ++skipped_; [[fallthrough]];
    case ScoreOutcome::label:
      if (!options_.only_anomalies) out.line(event.raw);
      return EventResult::accepted;
    case ScoreOutcome::no_model:
    case ScoreOutcome::scored: break;
  }
  if (score.anomaly) ++anomalies_;
  if (score.outcome == ScoreOutcome::scored) ++scored_;
  if (options_.only_anomalies && !score.anomaly) return EventResult::accepted;
  members_ = "\"score\":";
  if (score.outcome == ScoreOutcome::scored) append_json_number(members_, score.value);
  else members_ += "null";
  members_ += score.anomaly ? ",\"anomaly\":true" : ",\"anomaly\":false";
  if (score.cluster >= 0) {
    members_ += ",\"cluster\":";
    append_json_number(members_, score.cluster);
  }
  if (!splice_members(out.buffer(), event.raw, members_)) {
    bad_reason_ = "not a JSON object";
    return EventResult::bad;
  }
  out.end_line();
  return EventResult::accepted;
}

void DetectOperator::on_watermark(TimeUs watermark, OutputBuffer&) { model_->on_watermark(watermark); }

void DetectOperator::on_end_of_input(EndMode, OutputBuffer&) {
  if (!options_.export_file.empty()) export_model(options_.export_file);
}

void DetectOperator::snapshot(SnapshotWriter& writer) const {
  SnapshotRecordWriter rec(writer);
  rec.begin().uint64("model_records", model_->model_records());
  rec.end();
  const RecordSink sink = [&writer](std::string_view record) { writer.record(record); };
  model_->save_model(sink);
  model_->save_buffers(sink);
}

void DetectOperator::restore(SnapshotReader& reader) {
  model_->clear();  // the snapshot replaces --model-in
  SnapshotRecords records(reader);
  const uint64_t model_records = records.expect("model count").uint64("model_records");
  SnapshotValue record;
  for (uint64_t i = 0; records.next(i < model_records ? "model" : "buffer", record); ++i) {
    if (i < model_records) model_->load_model_record(record);
    else model_->load_buffer_record(record);
  }
}

void DetectOperator::export_model(const std::string& path) const {
  std::string text;
  {
    JsonObjectWriter w(text);
    w.number(kModelFileTag, kModelFileVersion);
    w.string("model", model_name(options_.model));
    w.raw("structure", structure());
    w.key("records");
    text += "[\n";
    bool first = true;
    model_->save_model([&](std::string_view record) {
      if (!first) text += ",\n";
      first = false;
      text += record;
    });
    text += "\n]";
    w.finish();
  }
  text.push_back('\n');
  // A new temp file of an unpredictable name (never an existing file or a symlink
  // planted there), renamed over the export once complete.
  try {
    TempFile file(path);
    file.write(text);
    file.commit();
  } catch (const Error& e) {
    throw_io(fmt::format("--export {}: {}", path, e.what()));
  }
}

void DetectOperator::import_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_io(fmt::format("--model-in {}: cannot read", path));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw_io(fmt::format("--model-in {}: cannot read", path));
  SnapshotRecordParser parser("--model-in " + path);
  std::optional<SnapshotValue> doc;
  try {
    doc = parser.parse(text, "model file");
  } catch (const Error&) {
  }
  const std::optional<SnapshotValue> version = doc && doc->is_object() ? doc->find(kModelFileTag) : std::nullopt;
  if (!version || !version->is_int64() || version->as_int64() != static_cast<int64_t>(kModelFileVersion))
    throw_state(fmt::format("--model-in {}: not a model written by ss-detect --export", path));
  const std::string_view model = doc->string("model");
  if (model != model_name(options_.model))
    throw_state(fmt::format("--model-in {}: holds a {} model, not {}", path, model, model_name(options_.model)));
  const std::string found = (*doc)["structure"].minified();
  if (found != structure()) throw_state(fmt::format("--model-in {}: made for {}, not {}", path, found, structure()));
  const SnapshotArray records = doc->array("records");
  model_->clear();
  for (const SnapshotValue record : records) model_->load_model_record(record.with_kind("model"));
}

}  // namespace ss
