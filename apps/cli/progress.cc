#include "progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace cx::cli {

ProgressBar::ProgressBar(std::string label, std::chrono::milliseconds delay)
    : label_(std::move(label)),
      start_(std::chrono::steady_clock::now()),
      phase_start_(start_),
      delay_(delay),
      enabled_(::isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Erase() {
  if (drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
}

void ProgressBar::Finish() {
  Erase();
  enabled_ = false;
}

void ProgressBar::Restart(std::string label) {
  Erase();
  label_ = std::move(label);
  phase_start_ = std::chrono::steady_clock::now();
  last_draw_ = {};
}

void ProgressBar::Update(double fraction, int64_t items) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if ((!shown_ && now - start_ < delay_) || now - last_draw_ < std::chrono::milliseconds(100)) {
    return;
  }
  last_draw_ = now;
  drawn_ = shown_ = true;
  constexpr int kWidth = 30;
  if (fraction < 0) fraction = 0;
  if (fraction > 1) fraction = 1;
  int filled = static_cast<int>(fraction * kWidth);
  double secs = std::chrono::duration<double>(now - phase_start_).count();
  // Nothing counted yet (a score before its scans): no count, no rate. A phase that has just
  // begun draws at once after the one before: no rate from so short a time yet.
  std::string count;
  if (items > 0) count = fmt::format("  {}", items);
  if (items > 0 && secs >= 0.1) {
    const double rate = items / secs;  // A few contracts a second, or millions of rows.
    count += rate < 10 ? fmt::format(" ({:.1f}/s", rate) : fmt::format(" ({:.0f}/s", rate);
    if (fraction > 0.02) count += fmt::format(", {:.0f}s left", secs * (1 - fraction) / fraction);
    count += ")";
  }
  fmt::print(stderr, "\r\033[K{} [{}{}] {:3.0f}%{}", label_, std::string(filled, '#'),
             std::string(kWidth - filled, ' '), fraction * 100, count);
  std::fflush(stderr);
}

}  // namespace cx::cli
