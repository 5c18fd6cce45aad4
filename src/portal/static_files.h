// Serves the front end's built files (web/dist) from one folder: GET only, index.html for "/"
// and, for paths outside /api/ whose last segment has no dot, as the single-page app's
// fallback. A path is refused (404) when it holds "..", a hidden segment, a backslash or an
// encoded slash, or resolves (through symlinks) outside the folder. Thread-safe (const).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "base/status.h"
#include "portal/router.h"

namespace cx {

class StaticFiles {
 public:
  // `root` must be an existing folder.
  static Result<StaticFiles> Open(const std::filesystem::path& root);

  HttpResponse Serve(const HttpRequest& request) const;

  // The file under the root that `path` (percent-encoded, as in the request) names: NotFound
  // when there is none, PermissionDenied when the path is refused, InvalidArgument when its
  // encoding is malformed. No fallback.
  Result<std::filesystem::path> Resolve(std::string_view path) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;  // Canonical.
};

// "text/html; charset=utf-8" for "index.html", ...; application/octet-stream when unknown.
std::string_view ContentTypeFor(const std::filesystem::path& file);

inline constexpr uint64_t kMaxStaticFileBytes = uint64_t{64} << 20;

}  // namespace cx
