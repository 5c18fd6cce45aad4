// Hands validated rows from a parsing thread to the thread that writes them to the store, in
// batches whose buffers are recycled. Text values are copied into the batch, so the parser's
// buffers can move on. One producer thread, one consumer thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/bounded_queue.h"
#include "io/row_batch.h"
#include "store/store.h"

namespace cx {

class RowPipe {
 public:
  // Producer side. Returns false once the consumer has stopped (then stop producing).
  bool Add(const std::vector<Value>& row, int64_t version, int64_t record);
  void Finish();  // No more rows: flushes the last batch and closes the pipe.

  // Consumer side: upserts every row into `txn`, counting outcomes, until the producer
  // finishes. On an error it stops the producer and returns the error.
  Status Drain(LoadTransaction& txn, size_t fields, LoadCounts* counts);

 private:
  BoundedQueue<std::unique_ptr<RowBatch>> full_{4}, empty_{8};
  std::unique_ptr<RowBatch> filling_ = std::make_unique<RowBatch>();
};

}  // namespace cx
