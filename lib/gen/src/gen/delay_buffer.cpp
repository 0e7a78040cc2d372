#include "delay_buffer.hpp"

#include "ss/base/error.hpp"

namespace ss {

void DelayBuffer::push(const GenEvent& event, TimeUs release) {
  SS_ASSERT(release >= event.ts);
  held_.push({release, event});
}

GenEvent DelayBuffer::pop() {
  SS_ASSERT(!held_.empty());
  GenEvent event = held_.top().event;
  held_.pop();
  return event;
}

}  // namespace ss
