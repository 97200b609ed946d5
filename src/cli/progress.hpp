// Progress of long CLI work. On a terminal: a bar redrawn in place with rate and time left.
// Otherwise (a pipe, a log file, CI): a plain line every few seconds. Writes to stderr, so stdout
// stays clean for results. Not thread-safe: report from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace rapport::cli {

class Progress {
 public:
  Progress(std::string label, std::int64_t total, std::string unit);
  void Update(std::int64_t done);
  // Draws the final state and ends the line.
  void Finish();

 private:
  void Draw(bool final_line);
  std::string label_, unit_;
  std::int64_t total_, done_ = 0;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// "12.3k", "1.2M"
std::string HumanCount(double n);
// "1:02:03" or "2:03"
std::string HumanDuration(double seconds);

}  // namespace rapport::cli
