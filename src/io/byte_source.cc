#include "io/byte_source.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace cx {

namespace {
constexpr size_t kStoredChunk = 1 << 20;

std::string Hex(const unsigned char* bytes, unsigned n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < n; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 15]);
  }
  return hex;
}
}

Result<std::unique_ptr<ByteSource>> ByteSource::Open(const std::filesystem::path& path) {
  std::unique_ptr<ByteSource> s(new ByteSource());
  s->path_ = path;
  s->file_ = std::fopen(path.c_str(), "rb");
  if (s->file_ == nullptr) {
    return IoError("{}: cannot open: {}", path.string(), std::strerror(errno));
  }
  std::error_code ec;
  s->stored_size_ = std::filesystem::file_size(path, ec);
  if (ec) s->stored_size_ = 0;
  auto* md = EVP_MD_CTX_new();
  EVP_DigestInit_ex(md, EVP_sha256(), nullptr);
  s->sha_ = md;
  // Sniff the gzip magic without consuming it.
  unsigned char magic[2] = {0, 0};
  size_t got = std::fread(magic, 1, 2, s->file_);
  std::rewind(s->file_);
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    auto* z = new z_stream{};
    if (inflateInit2(z, 15 + 32) != Z_OK) {
      delete z;
      return IoError("{}: cannot start gzip decompression", path.string());
    }
    s->gz_ = z;
    s->gz_in_.resize(kStoredChunk);
  }
  return s;
}

Result<std::unique_ptr<ByteSource>> ByteSource::OpenAt(const std::filesystem::path& path,
                                                       uint64_t offset) {
  std::unique_ptr<ByteSource> s(new ByteSource());
  s->path_ = path;
  s->file_ = std::fopen(path.c_str(), "rb");
  if (s->file_ == nullptr) {
    return IoError("{}: cannot open: {}", path.string(), std::strerror(errno));
  }
  if (fseeko(s->file_, static_cast<off_t>(offset), SEEK_SET) != 0) {
    return IoError("{}: cannot seek to byte {}: {}", path.string(), offset, std::strerror(errno));
  }
  std::error_code ec;
  s->stored_size_ = std::filesystem::file_size(path, ec);
  s->stored_consumed_ = offset;
  return s;
}

ByteSource::~ByteSource() {
  if (file_) std::fclose(file_);
  if (gz_) {
    inflateEnd(static_cast<z_stream*>(gz_));
    delete static_cast<z_stream*>(gz_);
  }
  if (sha_) EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(sha_));
}

Result<size_t> ByteSource::ReadStored(unsigned char* out, size_t max) {
  if (stored_eof_) return size_t{0};
  size_t n = std::fread(out, 1, max, file_);
  if (n < max) {
    if (std::ferror(file_)) return IoError("{}: read error: {}", path_.string(), std::strerror(errno));
    stored_eof_ = true;
  }
  if (sha_) EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(sha_), out, n);
  stored_consumed_ += n;
  return n;
}

Result<size_t> ByteSource::Read(char* out, size_t max) {
  if (!gz_) return ReadStored(reinterpret_cast<unsigned char*>(out), max);
  auto* z = static_cast<z_stream*>(gz_);
  z->next_out = reinterpret_cast<Bytef*>(out);
  z->avail_out = static_cast<uInt>(max);
  while (z->avail_out > 0 && !gz_done_) {
    if (z->avail_in == 0) {
      ASSIGN_OR_RETURN(size_t n, ReadStored(reinterpret_cast<unsigned char*>(gz_in_.data()),
                                            gz_in_.size()));
      if (n == 0) {
        if (in_member_) return IoError("{}: truncated gzip data", path_.string());
        gz_done_ = true;
        break;
      }
      z->next_in = reinterpret_cast<Bytef*>(gz_in_.data());
      z->avail_in = static_cast<uInt>(n);
    }
    in_member_ = true;
    int rc = inflate(z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members (as `cat a.gz b.gz` makes) continue the stream.
      in_member_ = false;
      inflateReset(z);
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return IoError("{}: corrupt gzip data ({})", path_.string(), z->msg ? z->msg : "inflate");
    }
  }
  return max - z->avail_out;
}

Result<std::string> ByteSource::Sha256Hex() {
  if (!sha_) return FailedPrecondition("{}: no checksum on a partial read", path_.string());
  std::string skip(kStoredChunk, '\0');
  while (!stored_eof_) {
    RETURN_IF_ERROR(ReadStored(reinterpret_cast<unsigned char*>(skip.data()), skip.size()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  auto* copy = EVP_MD_CTX_new();
  EVP_MD_CTX_copy_ex(copy, static_cast<EVP_MD_CTX*>(sha_));
  EVP_DigestFinal_ex(copy, digest, &len);
  EVP_MD_CTX_free(copy);
  return Hex(digest, len);
}

std::string Sha256HexOf(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return Hex(digest, len);
}

}  // namespace cx
