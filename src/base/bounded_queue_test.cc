#include "base/bounded_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace cx {
namespace {

TEST(BoundedQueueTest, DeliversInOrderThenEnds) {
  BoundedQueue<int> q(2);
  std::thread producer([&] {
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(q.Push(i));
    q.Close();
  });
  int expected = 0;
  while (auto v = q.Pop()) EXPECT_EQ(*v, expected++);
  producer.join();
  EXPECT_EQ(expected, 1000);
}

TEST(BoundedQueueTest, CancelUnblocksAFullProducer) {
  BoundedQueue<int> q(1);
  ASSERT_TRUE(q.Push(1));
  bool pushed = true;
  std::thread producer([&] { pushed = q.Push(2); });  // Blocks: the queue is full.
  q.Cancel();
  producer.join();
  EXPECT_FALSE(pushed);
  EXPECT_FALSE(q.Pop().has_value());
}

}  // namespace
}  // namespace cx
