#include "ingest/row_pipe.h"

namespace cx {

bool RowPipe::Add(const std::vector<Value>& row, int64_t version, int64_t record) {
  filling_->Add(row, RowFingerprint(row), version, record);
  if (filling_->records.size() < RowBatch::kRows) return true;
  if (!full_.Push(std::move(filling_))) return false;
  auto reused = empty_.TryPop();
  filling_ = reused ? std::move(*reused) : std::make_unique<RowBatch>();
  return true;
}

void RowPipe::Finish() {
  if (!filling_->records.empty()) full_.Push(std::move(filling_));
  full_.Close();
}

Status RowPipe::Drain(LoadTransaction& txn, size_t fields, LoadCounts* c) {
  std::vector<Value> row;
  while (auto batch = full_.Pop()) {
    const RowBatch& b = **batch;
    for (size_t r = 0; r < b.records.size(); ++r) {
      b.Row(r, fields, &row);
      auto outcome = txn.Upsert(row, b.fingerprints[r], b.versions[r], b.records[r]);
      if (!outcome.ok()) {
        full_.Cancel();
        return outcome.status();
      }
      switch (*outcome) {
        case UpsertOutcome::kInserted: ++c->inserted; break;
        case UpsertOutcome::kUnchanged: ++c->unchanged; break;
        case UpsertOutcome::kCorrected: ++c->corrected; break;
        case UpsertOutcome::kStale: ++c->stale; break;
      }
    }
    (*batch)->Clear();
    empty_.Push(std::move(*batch));
  }
  return Status::Ok();
}

}  // namespace cx
