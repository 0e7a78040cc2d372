// distinct: the exact number of distinct values of a field. Values are compared by
// their canonical text (value_key.hpp): 1 and 1.0 are one value, "1" another. The
// texts live once in a ValueDictionary shared by the groups of one spec; a group holds
// the ids of its values.
#pragma once

#include <memory>

#include "ss/agg/aggregator.hpp"
#include "ss/agg/id_set.hpp"
#include "ss/agg/value_dictionary.hpp"

namespace ss {

class DistinctAggregator final : public Aggregator {
 public:
  explicit DistinctAggregator(const AggSpec& spec);
  ~DistinctAggregator() override;

  bool add(const FieldValue& value, TimeUs ts, uint64_t seq) override;
  void merge(const Aggregator& other) override;
  void append_result(std::string& out) const override;
  /// The members sorted, so equal sets save byte-identically.
  void save(std::string& out) const override;
  void load_state(const SnapshotValue& state) override;

 private:
  /// Adds the value whose key is `key`; returns true when it is new to the group.
  bool insert_key(std::string_view key) { return insert_key(key.front(), {key.data() + 1, key.size() - 1}); }
  /// insert_key() of the key made of `tag` and then `body` (ValueDictionary::intern).
  bool insert_key(char tag, std::string_view body);
  void clear() noexcept;

  std::shared_ptr<ValueDictionary> dictionary_;
  IdSet ids_;        ///< each holds one reference in dictionary_
  uint64_t holder_;  ///< this set's number in dictionary_ (ValueDictionary::new_holder)
};

}  // namespace ss
