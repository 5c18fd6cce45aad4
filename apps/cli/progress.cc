#include "progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace cx::cli {

ProgressBar::ProgressBar(std::string label, std::chrono::milliseconds delay)
    : label_(std::move(label)),
      start_(std::chrono::steady_clock::now()),
      delay_(delay),
      enabled_(::isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Finish() {
  if (drawn_) std::fputs("\r\033[K", stderr);
  drawn_ = false;
  enabled_ = false;
}

void ProgressBar::Update(double fraction, int64_t items) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < delay_ || now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  if (fraction < 0) fraction = 0;
  if (fraction > 1) fraction = 1;
  int filled = static_cast<int>(fraction * kWidth);
  double secs = std::chrono::duration<double>(now - start_).count();
  std::string eta;
  if (fraction > 0.02) eta = fmt::format(", {:.0f}s left", secs * (1 - fraction) / fraction);
  fmt::print(stderr, "\r\033[K{} [{}{}] {:3.0f}%  {} ({:.0f}/s{})", label_,
             std::string(filled, '#'), std::string(kWidth - filled, ' '), fraction * 100, items,
             items / secs, eta);
  std::fflush(stderr);
}

}  // namespace cx::cli
