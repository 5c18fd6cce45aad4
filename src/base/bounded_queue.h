// A bounded multi-producer/multi-consumer queue for handing work between pipeline stages.
// Push blocks while full; Pop blocks while empty. Close() ends the stream (Pop drains what is
// left, then returns nullopt); Cancel() also makes Push fail at once, so a consumer that failed
// can stop its producer. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace cx {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity) {}

  // Returns false when the queue was cancelled (the item is dropped).
  bool Push(T item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return cancelled_ || items_.size() < capacity_; });
    if (cancelled_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Push without waiting: false (the item is dropped) when the queue is full or cancelled.
  bool TryPush(T item) {
    std::lock_guard lock(mu_);
    if (cancelled_ || items_.size() >= capacity_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  std::optional<T> Pop() {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return closed_ || cancelled_ || !items_.empty(); });
    if (items_.empty() || cancelled_) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  // Pop without waiting: nullopt when nothing is queued.
  std::optional<T> TryPop() {
    std::lock_guard lock(mu_);
    if (items_.empty() || cancelled_) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }

  void Cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;        // GUARDED_BY(mu_)
  const size_t capacity_;
  bool closed_ = false;        // GUARDED_BY(mu_)
  bool cancelled_ = false;     // GUARDED_BY(mu_)
};

}  // namespace cx
