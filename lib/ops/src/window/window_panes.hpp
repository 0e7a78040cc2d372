// The pane tables of a WindowOperator, which its public header holds through a pointer
// so that PaneGroups stays beside the sources.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "pane_groups.hpp"

namespace ss {

struct WindowPanes {
  std::map<int64_t, PaneGroups> map;  ///< pane index -> groups
  int64_t cached_index = 0;           ///< the pane of the previous event, looked up once
  PaneGroups* cached = nullptr;       ///< its groups; null when none is cached
  PaneGroups combined;                ///< a closing sliding window's panes merged
  std::vector<PaneGroups> spare;      ///< erased panes' tables, cleared, for the next panes
};

}  // namespace ss
