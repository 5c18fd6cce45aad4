// Reads a file's bytes in large chunks, gunzipping transparently when the file starts with the
// gzip magic, and computes the SHA-256 of the bytes as stored (compressed or not) on the way.
// One reader per file; thread-compatible.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace cx {

class ByteSource {
 public:
  static Result<std::unique_ptr<ByteSource>> Open(const std::filesystem::path& path);
  // Reads a plain (not gzipped) file from byte `offset` on, without a checksum: for threads
  // that each parse one part of a file (io/csv_chunks.h).
  static Result<std::unique_ptr<ByteSource>> OpenAt(const std::filesystem::path& path,
                                                    uint64_t offset);
  ~ByteSource();

  // Appends up to `max` bytes to `out`. Returns 0 only at the end of the data.
  Result<size_t> Read(char* out, size_t max);

  // Hex SHA-256 of the stored bytes. Reads the rest of the file if not yet at the end. Not
  // available from OpenAt.
  Result<std::string> Sha256Hex();

  const std::filesystem::path& path() const { return path_; }
  uint64_t stored_size() const { return stored_size_; }
  uint64_t stored_consumed() const { return stored_consumed_; }  // For progress.
  bool gzipped() const { return gz_ != nullptr; }

 private:
  ByteSource() = default;
  Result<size_t> ReadStored(unsigned char* out, size_t max);

  std::filesystem::path path_;
  FILE* file_ = nullptr;
  void* gz_ = nullptr;           // z_stream* when gzipped.
  void* sha_ = nullptr;          // EVP_MD_CTX*.
  std::string gz_in_;            // Compressed input buffer.
  uint64_t stored_size_ = 0;
  uint64_t stored_consumed_ = 0;
  bool stored_eof_ = false;
  bool gz_done_ = false;
  bool in_member_ = false;  // Inside a gzip member that has not ended yet.
};

// Hex SHA-256 of bytes in memory (fingerprints of inputs and cache keys).
std::string Sha256HexOf(std::string_view bytes);

}  // namespace cx
