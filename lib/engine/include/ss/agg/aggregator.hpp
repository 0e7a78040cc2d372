// The state of one aggregate for one group (a session, a window, a key): the lifecycle
// add → merge → result, and a lossless save/load for snapshots and partial aggregates.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "ss/base/error.hpp"
#include "ss/json/field_value.hpp"
#include "ss/state/snapshot_record.hpp"
#include "ss/time/timestamp.hpp"

namespace ss {

struct AggSpec;

class Aggregator {
 public:
  virtual ~Aggregator() = default;

  /// Adds one event's value. Returns false when the value was skipped (missing, null,
  /// or not a number for a numeric aggregate) so the caller can count it. `ts` is the
  /// event time, `seq` the arrival sequence number (unique per event) that breaks ties
  /// in time order deterministically.
  virtual bool add(const FieldValue& value, TimeUs ts, uint64_t seq) = 0;

  /// Folds `other` into this one, as if other's events had been added here.
  /// Precondition: `other` was made from a spec with the same function and parameters.
  virtual void merge(const Aggregator& other) = 0;

  /// Appends the result as one JSON value.
  virtual void append_result(std::string& out) const = 0;

  /// Appends the complete state as one JSON value; doubles in shortest round-trip
  /// form, so load(save()) gives an equal state whose save() is byte-identical.
  virtual void save(std::string& out) const = 0;

  /// Replaces the state with one written by save(). Throws ss::Error(state) on
  /// malformed input; the state is then unspecified but safe to destroy.
  void load(std::string_view json);

  /// load() from an already parsed element (AggregatorSet parses a group once).
  virtual void load_state(const SnapshotValue& state) = 0;

 protected:
  /// `other` as the concrete type T; merge()'s precondition, checked in Debug builds.
  template <class T>
  static const T& same_kind(const Aggregator& other) noexcept {
    SS_ASSERT(dynamic_cast<const T*>(&other) != nullptr);
    return static_cast<const T&>(other);
  }
};

/// A fresh state for `spec`, whose function must be set.
std::unique_ptr<Aggregator> make_aggregator(const AggSpec& spec);

}  // namespace ss
