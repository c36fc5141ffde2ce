// Private: a small counter-based random generator for the synthetic population, so that terminal
// i's draws depend only on (seed, stream, i) -- not on thread scheduling or on how many other
// terminals exist -- and are the same on every platform (no std:: distributions, whose algorithms
// are implementation-defined).
#pragma once

#include <cmath>
#include <cstdint>

namespace leotwin::activity::internal {

// SplitMix64 (Steele, Lea, Flood 2014), as a stream.
class Random {
 public:
  Random(uint64_t seed, uint64_t stream, uint64_t index)
      : state_(Mix(Mix(seed ^ 0x9e3779b97f4a7c15ull) ^ Mix(stream + 0x632be59bd9b4e019ull) ^
                   Mix(index * 0xd1b54a32d192ed03ull + 1))) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ull;
    return Mix(state_);
  }
  // Uniform in [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in (0, 1].
  double UniformPositive() { return 1.0 - Uniform(); }
  // Standard normal (Box-Muller; one value per call, the sine branch is dropped).
  double Normal() {
    const double r = std::sqrt(-2.0 * std::log(UniformPositive()));
    return r * std::cos(6.283185307179586 * Uniform());
  }
  // Exponential with mean 1.
  double Exponential() { return -std::log(UniformPositive()); }

 private:
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  uint64_t state_;
};

}  // namespace leotwin::activity::internal
