// The Clock port: all "now" in Rapport comes through it, so tests can drive time.
// Implementations are thread-safe.
#pragma once

#include <atomic>

#include "core/time.hpp"

namespace rapport::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that only moves when told to. For tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : ms_(start.ms) {}
  Timestamp Now() const override { return Timestamp{ms_.load()}; }
  void Set(Timestamp t) { ms_.store(t.ms); }
  void AdvanceMs(std::int64_t ms) { ms_.fetch_add(ms); }

 private:
  std::atomic<std::int64_t> ms_;
};

}  // namespace rapport::core
