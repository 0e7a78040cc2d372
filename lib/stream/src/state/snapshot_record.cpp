#include "ss/state/snapshot_record.hpp"

#include <simdjson.h>

#include <cstring>
#include <limits>
#include <type_traits>

#include <fmt/format.h>

#include "ss/base/error.hpp"
#include "ss/state/snapshot_reader.hpp"

namespace ss {

namespace {

using Element = simdjson::dom::element;
using ArrayIterator = simdjson::dom::array::iterator;

// The opaque slots of the header hold these types; both are a document pointer and a
// tape index, trivially copied.
static_assert(sizeof(Element) == 16 && std::is_trivially_copyable_v<Element>);
static_assert(sizeof(ArrayIterator) == 16 && std::is_trivially_copyable_v<ArrayIterator>);

template <class T>
T unpack(const unsigned char (&slot)[16]) {
  T value;
  std::memcpy(static_cast<void*>(&value), slot, sizeof(T));
  return value;
}

template <class T>
void pack(unsigned char (&slot)[16], const T& value) {
  std::memcpy(slot, static_cast<const void*>(&value), sizeof(T));
}

}  // namespace

SnapshotValue SnapshotValue::with_kind(std::string_view kind) const {
  SnapshotValue v = *this;
  v.kind_ = kind;
  return v;
}

void SnapshotValue::fail(std::string_view problem) const {
  std::string where;
  if (member_.empty()) where = "the record";
  else if (inner_.empty() || inner_ == member_) where = member_;
  else where = fmt::format("{}.{}", member_, inner_);
  const std::string in = file_ == nullptr || file_->empty() ? std::string() : " in " + *file_;
  throw_state(fmt::format("malformed {} record{}: {} {}", kind_, in, where, problem));
}

SnapshotValue SnapshotValue::child(std::string_view name) const {
  SnapshotValue v = *this;
  if (member_.empty()) v.member_ = name;
  else v.inner_ = name;
  return v;
}

bool SnapshotValue::is_null() const { return unpack<Element>(element_).is_null(); }

bool SnapshotValue::is_int64() const { return unpack<Element>(element_).is_int64(); }

bool SnapshotValue::is_string() const { return unpack<Element>(element_).is_string(); }

bool SnapshotValue::is_array() const { return unpack<Element>(element_).is_array(); }

bool SnapshotValue::is_object() const { return unpack<Element>(element_).is_object(); }

int64_t SnapshotValue::as_int64() const {
  int64_t v = 0;
  if (unpack<Element>(element_).get_int64().get(v)) fail("is not an integer");
  return v;
}

uint64_t SnapshotValue::as_uint64() const {
  uint64_t v = 0;
  if (unpack<Element>(element_).get_uint64().get(v)) fail("is not a non-negative integer");
  return v;
}

double SnapshotValue::as_double() const {
  double v = 0;
  if (unpack<Element>(element_).get_double().get(v)) fail("is not a number");
  return v;
}

double SnapshotValue::as_double_or_nan() const {
  if (is_null()) return std::numeric_limits<double>::quiet_NaN();
  return as_double();
}

bool SnapshotValue::as_bool() const {
  bool v = false;
  if (unpack<Element>(element_).get_bool().get(v)) fail("is not true or false");
  return v;
}

std::string_view SnapshotValue::as_string() const {
  std::string_view v;
  if (unpack<Element>(element_).get_string().get(v)) fail("is not a string");
  return v;
}

SnapshotArray SnapshotValue::as_array() const {
  if (!is_array()) fail("is not an array");
  return SnapshotArray(*this);
}

SnapshotValue SnapshotValue::as_object() const {
  if (!is_object()) fail("is not an object");
  return *this;
}

std::string SnapshotValue::minified() const { return simdjson::minify(unpack<Element>(element_)); }

bool SnapshotValue::has(std::string_view name) const { return find(name).has_value(); }

std::optional<SnapshotValue> SnapshotValue::find(std::string_view name) const {
  simdjson::dom::object object;
  if (unpack<Element>(element_).get_object().get(object)) fail("is not an object");
  Element found;
  if (object.at_key(name).get(found)) return std::nullopt;
  SnapshotValue v = child(name);
  pack(v.element_, found);
  return v;
}

SnapshotValue SnapshotValue::operator[](std::string_view name) const {
  std::optional<SnapshotValue> v = find(name);
  if (!v) child(name).fail("is missing");
  return *v;
}

SnapshotArray SnapshotValue::array(std::string_view name) const { return (*this)[name].as_array(); }

std::optional<int64_t> SnapshotValue::optional_int64(std::string_view name) const {
  const std::optional<SnapshotValue> v = find(name);
  if (!v || v->is_null()) return std::nullopt;
  return v->as_int64();
}

std::optional<std::string_view> SnapshotValue::optional_string(std::string_view name) const {
  const std::optional<SnapshotValue> v = find(name);
  if (!v || v->is_null()) return std::nullopt;
  return v->as_string();
}

size_t SnapshotArray::size() const { return unpack<Element>(value_.element_).get_array().value_unsafe().size(); }

SnapshotArray::iterator SnapshotArray::begin() const {
  iterator it;
  pack(it.iter_, unpack<Element>(value_.element_).get_array().value_unsafe().begin());
  it.array_ = &value_;
  return it;
}

SnapshotArray::iterator SnapshotArray::end() const {
  iterator it;
  pack(it.iter_, unpack<Element>(value_.element_).get_array().value_unsafe().end());
  it.array_ = &value_;
  return it;
}

SnapshotValue SnapshotArray::at(size_t index) const {
  Element item;
  if (unpack<Element>(value_.element_).get_array().value_unsafe().at(index).get(item))
    value_.fail(fmt::format("has no item {}", index));
  SnapshotValue v = value_;
  pack(v.element_, item);
  return v;
}

SnapshotValue SnapshotArray::iterator::operator*() const {
  SnapshotValue v = *array_;
  pack(v.element_, *unpack<ArrayIterator>(iter_));
  return v;
}

SnapshotArray::iterator& SnapshotArray::iterator::operator++() {
  auto it = unpack<ArrayIterator>(iter_);
  ++it;
  pack(iter_, it);
  return *this;
}

bool SnapshotArray::iterator::operator!=(const iterator& other) const {
  return unpack<ArrayIterator>(iter_) != unpack<ArrayIterator>(other.iter_);
}

struct SnapshotRecordParser::Impl {
  simdjson::dom::parser parser;
};

SnapshotRecordParser::SnapshotRecordParser(std::string file)
    : impl_(std::make_unique<Impl>()), file_(std::move(file)) {}

SnapshotRecordParser::~SnapshotRecordParser() = default;

SnapshotValue SnapshotRecordParser::parse(std::string_view json, std::string_view kind) {
  SnapshotValue v;
  v.file_ = &file_;
  v.kind_ = kind;
  Element element;
  const auto error = impl_->parser.parse(json.data(), json.size()).get(element);
  if (error) v.fail(fmt::format("is not valid JSON ({})", simdjson::error_message(error)));
  pack(v.element_, element);
  return v;
}

SnapshotRecords::SnapshotRecords(SnapshotReader& reader) : reader_(reader), parser_(reader.path()) {}

bool SnapshotRecords::next(std::string_view kind, SnapshotValue& record) {
  std::string_view line;
  if (!reader_.next(line)) return false;
  record = parser_.parse(line, kind);
  return true;
}

SnapshotValue SnapshotRecords::expect(std::string_view kind) {
  SnapshotValue record;
  if (!next(kind, record)) {
    record.file_ = &parser_.file();
    record.kind_ = kind;
    record.fail("is missing");
  }
  return record;
}

}  // namespace ss
