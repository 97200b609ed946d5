#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace rapport::cli {

std::string HumanCount(double n) {
  char buf[32];
  if (n >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM", n / 1e6);
  else if (n >= 1e3) std::snprintf(buf, sizeof buf, "%.1fk", n / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", n);
  return buf;
}

std::string HumanDuration(double seconds) {
  if (seconds < 0) seconds = 0;
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

Progress::Progress(std::string label, std::int64_t total, std::string unit)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total),
      tty_(isatty(STDERR_FILENO) == 1), start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void Progress::Update(std::int64_t done) {
  done_ = done;
  const auto now = std::chrono::steady_clock::now();
  const auto interval = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(2000);
  if (now - last_draw_ < interval && done_ < total_) return;
  last_draw_ = now;
  Draw(false);
}

void Progress::Finish() { Draw(true); }

void Progress::Draw(bool final_line) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done_) / elapsed : 0;
  const double fraction = total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 1;
  const double eta = rate > 0 ? static_cast<double>(total_ - done_) / rate : 0;
  const std::string counts = HumanCount(static_cast<double>(done_)) + "/" +
                             HumanCount(static_cast<double>(total_)) + " " + unit_;
  const std::string tail = HumanCount(rate) + " " + unit_ + "/s, " +
                           (final_line ? "took " + HumanDuration(elapsed)
                                       : HumanDuration(eta) + " left");
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r%s [%s] %3.0f%% %s  %s\033[K%s", label_.c_str(), bar.c_str(),
                 fraction * 100, counts.c_str(), tail.c_str(), final_line ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s: %3.0f%% %s, %s\n", label_.c_str(), fraction * 100, counts.c_str(),
                 tail.c_str());
  }
  std::fflush(stderr);
}

}  // namespace rapport::cli
