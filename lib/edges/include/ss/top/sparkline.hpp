// A sparkline: one character per window, its height the value's place between the
// smallest (or zero, when all are positive) and the largest of the line.
#pragma once

#include <string>
#include <vector>

namespace ss {

/// One character per value: Unicode blocks ▁▂▃▄▅▆▇█, or with `ascii` the characters
/// `.:-=+*#@`; a space for NaN (no value in that window).
std::string sparkline(const std::vector<double>& values, bool ascii);

}  // namespace ss
