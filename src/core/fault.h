// Fault points: named places in long money-moving steps where a test may kill the process, to
// prove that a step killed there and run again ends exactly as an uninterrupted run.
#pragma once

#include <string_view>

namespace nj {

// Kills the process with SIGKILL (no clean-up, no unwinding: as `kill -9` would) when the
// environment variable NJ_FAULT names this point; nothing otherwise. The variable is read once.
void FaultPoint(std::string_view name);

}  // namespace nj
