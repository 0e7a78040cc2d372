#include "event_emitter.hpp"

#include "ss/base/murmur2.hpp"
#include "ss/control/control_record.hpp"
#include "ss/ingest/ingest_options.hpp"
#include "ss/json/json_writer.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

namespace {

/// Log lines are written by strangers: none may pass for a control record downstream.
constexpr std::string_view kReservedMemberReason = "top-level member \"_ss\" is reserved for control records";

}  // namespace

EventEmitter::EventEmitter(const IngestOptions& options, OutputBuffer& out)
    : options_(options),
      out_(out),
      where_(options.stream.where.empty()
                 ? std::nullopt
                 : std::optional<Expression>(compile_condition(options.stream.where, "--where"))),
      setter_(options.set, "ts"),
      transform_(options.rename, options.fields, options.drop),
      keys_(options.stream.key),
      direct_(setter_.empty() && transform_.empty() && !options.stream.shard && !options.message_time) {
  if (where_)
    for (const FieldPath& f : where_->fields()) where_fields_.watch(f, "--where");
  for (const ComputedField& c : setter_.fields())
    for (const FieldPath& f : c.value.fields()) set_fields_.watch(f, "--set");
}

ParseResult EventEmitter::emit(LineParser& parser, std::string_view text, FormatCounts& counts) {
  ParseResult result;
  if (direct_) {
    std::string& buffer = out_.buffer();
    const size_t mark = buffer.size();
    result = parser.parse(text, buffer);
    // --where reads the fields the parser has parsed already (the json format), else
    // the event where the parser wrote it: the output block's spare capacity is the
    // padding simdjson needs, so nothing is copied.
    FieldSource* parsed = result.status == ParseStatus::ok && where_ ? parser.parsed_fields() : nullptr;
    if (result.status == ParseStatus::ok && where_ &&
        !(parsed ? passes_where(*parsed)
                 : passes_where(std::string_view(buffer).substr(mark), buffer.capacity() - buffer.size()))) {
      buffer.resize(mark);
      if (where_->failed()) result = refusal();
      else ++counts.filtered;
    } else if (result.status == ParseStatus::ok && !parser.names_only_its_own_members() &&
               has_control_member(std::string_view(buffer).substr(mark))) {
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
    result = parser.parse(text, scratch_);
    std::string_view event = scratch_;
    if (result.status == ParseStatus::ok && options_.message_time) {
      // The parser was made with require_time false: a record without a time has no
      // ts, and gets the message's.
      if (event_parser_.parse(event) != ParseOutcome::ok) return {ParseStatus::bad, "expected a JSON object"};
      const FieldValue ts = event_parser_.get(ts_path_);
      if (ts.type == ValueType::missing) {
        std::string members = "\"ts\":";
        append_json_time(members, message_time_);
        with_time_.clear();
        splice_members(with_time_, event, members);
        event = with_time_;
      } else if (ts.type != ValueType::string || !parse_rfc3339(ts.text)) {
        return {ParseStatus::bad, "ts is not an RFC 3339 time"};
      }
    }
    if (result.status == ParseStatus::ok && !emit_event(event, counts)) result = refusal();
  }
  return result;
}

void EventEmitter::warn_unseen_fields(Diagnostics& diagnostics) const {
  for (const FieldPresence* presence : {&where_fields_, &set_fields_})
    for (const std::string& warning : presence->warnings()) diagnostics.warn(warning);
}

void EventEmitter::note_event_time(std::string_view event) {
  if (event_parser_.parse(event) != ParseOutcome::ok) return;
  const FieldValue v = event_parser_.get(ts_path_);
  if (v.type != ValueType::string) return;
  if (const auto t = parse_rfc3339(v.text)) {
    if (!max_time_ || *t > *max_time_) max_time_ = *t;
  }
}

std::optional<TimeUs> EventEmitter::event_time_of(FieldSource& fields) {
  // Parsers write ts as RFC 3339 text, or leave it out.
  const FieldValue ts = fields.get(ts_path_);
  return ts.type == ValueType::string ? parse_rfc3339(ts.text) : std::nullopt;
}

bool EventEmitter::passes_where(FieldSource& fields) {
  where_fields_.observe(fields);
  // ExprInput built in place on each path: copying a local optional into it stalled
  // on store forwarding, a measurable part of the cost of --where.
  if (where_->reads_event_time()) return where_->matches(ExprInput{fields, event_time_of(fields)});
  return where_->matches(ExprInput{fields, std::nullopt});
}

bool EventEmitter::passes_where(std::string_view event, size_t padding) {
  if (event_parser_.parse(event, padding) != ParseOutcome::ok) return false;
  return passes_where(event_parser_);
}

ParseResult EventEmitter::refusal() {
  if (where_ && where_->failed()) {
    where_reason_ = "--where: " + where_->error();
    return {ParseStatus::bad, where_reason_};
  }
  if (setter_.failed()) return {ParseStatus::bad, setter_.error()};
  return {ParseStatus::bad, kReservedMemberReason};
}

bool EventEmitter::emit_event(std::string_view event, FormatCounts& counts) {
  if (where_ && !passes_where(event, 0)) {
    if (where_->failed()) return false;
    ++counts.filtered;
    return true;
  }
  if (!setter_.empty()) {
    // passes_where() parsed the event already when there is a --where.
    if (!where_) event_parser_.parse(event);
    set_fields_.observe(event_parser_);
    with_set_.clear();
    if (!setter_.apply(event, event_parser_, event_time_of(event_parser_), with_set_) || setter_.failed()) return false;
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
        ++counts.other_shard;
        return true;
      }
    }
  }
  out_.line(event);
  ++counts.events;
  ++events_;
  if (options_.idle_timeout > 0) note_event_time(event);
  return true;
}

}  // namespace ss
