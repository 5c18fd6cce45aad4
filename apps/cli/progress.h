// A one-line progress bar on stderr for long commands. It draws only on a terminal and only
// once the task has run for `delay`, so short runs and logs stay clean. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace cx::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label,
                       std::chrono::milliseconds delay = std::chrono::milliseconds(1500));
  ~ProgressBar();  // Clears the line if it drew one.

  // `fraction` in [0, 1]; `items` counts what was processed (records, contacts).
  void Update(double fraction, int64_t items);
  // Update as a callback (the ingest's and the loaders' progress); the bar must outlive it.
  std::function<void(double fraction, int64_t items)> Updater() {
    return [this](double fraction, int64_t items) { Update(fraction, items); };
  }
  // Starts the task's next phase (a load, then the score): erases the line, so that the caller
  // may print between phases, and counts the rate and the time left from here. The bar draws
  // again at the next Update, at once if it had shown before (the delay counts from the first
  // phase). Does nothing after Finish.
  void Restart(std::string label);
  // Erases the bar (call before printing the result); later Updates draw nothing.
  void Finish();

 private:
  void Erase();  // Clears the line if it shows a bar.

  std::string label_;
  std::chrono::steady_clock::time_point start_, phase_start_, last_draw_;
  std::chrono::milliseconds delay_;
  bool enabled_;
  bool drawn_ = false;  // The line shows a bar now.
  bool shown_ = false;  // A bar has shown, in this phase or an earlier one.
};

}  // namespace cx::cli
