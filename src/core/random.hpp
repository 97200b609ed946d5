// The Random port and a deterministic generator. The same seed gives the same sequence on every
// platform (no std:: distributions, whose output is implementation-defined).
// A Random instance is not thread-safe; give each thread its own.
#pragma once

#include <cstdint>
#include <span>

namespace rapport::core {

__extension__ typedef unsigned __int128 Uint128;  // GCC/Clang extension; silences -Wpedantic
__extension__ typedef __int128 Int128;

class Random {
 public:
  virtual ~Random() = default;
  virtual std::uint64_t NextU64() = 0;

  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; the bias is negligible for our n).
  std::uint64_t Below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<Uint128>(NextU64()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Index drawn with the given (non-negative, not all zero) weights.
  std::size_t Weighted(std::span<const double> weights);
};

// xoshiro256** seeded through splitmix64.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed);
  std::uint64_t NextU64() override;

 private:
  std::uint64_t s_[4];
};

}  // namespace rapport::core
