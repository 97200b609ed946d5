#include "core/clock.hpp"

#include <chrono>

namespace rapport::core {

Timestamp SystemClock::Now() const {
  using namespace std::chrono;
  return Timestamp{
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

}  // namespace rapport::core
