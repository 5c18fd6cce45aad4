#include "portal/static_files.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace cx {

namespace fs = std::filesystem;

std::string_view ContentTypeFor(const fs::path& file) {
  std::string ext = file.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::Open(const fs::path& root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical)) {
    return NotFound("web root {}: not a folder", root.string());
  }
  return StaticFiles(canonical);
}

Result<fs::path> StaticFiles::Resolve(std::string_view path) const {
  if (!path.starts_with("/")) return InvalidArgument("path must start with /");
  // An encoded '/' or '\' would let a segment check be bypassed; nothing legitimate needs one.
  for (size_t i = 0; i + 2 < path.size(); ++i) {
    if (path[i] == '%' && (path.substr(i + 1, 2) == "2f" || path.substr(i + 1, 2) == "2F" ||
                           path.substr(i + 1, 2) == "5c" || path.substr(i + 1, 2) == "5C")) {
      return PermissionDenied("encoded separator");
    }
  }
  auto decoded = PercentDecode(path);
  if (!decoded) return InvalidArgument("bad percent-encoding");
  fs::path rel;
  std::string_view rest = *decoded;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty()) continue;
    // "." and ".." and hidden files (.env, .git) alike.
    if (seg.front() == '.' || seg.find('\\') != std::string_view::npos) {
      return PermissionDenied("refused segment");
    }
    rel /= std::string(seg);
  }
  if (rel.empty()) rel = "index.html";
  std::error_code ec;
  fs::path full = fs::canonical(root_ / rel, ec);  // Resolves symlinks.
  if (ec) return NotFound("no such file");
  auto [root_end, full_it] = std::mismatch(root_.begin(), root_.end(), full.begin(), full.end());
  if (root_end != root_.end()) return PermissionDenied("outside the web root");
  if (fs::is_directory(full, ec)) full /= "index.html";
  if (!fs::is_regular_file(full, ec)) return NotFound("not a file");
  return full;
}

HttpResponse StaticFiles::Serve(const HttpRequest& r) const {
  if (r.method != "GET") {
    HttpResponse res = HttpResponse::Error(405, "method not allowed");
    res.headers.emplace_back("Allow", "GET");
    return res;
  }
  Result<fs::path> file = Resolve(r.path);
  if (!file.ok() && file.status().code() == StatusCode::kNotFound) {
    // A client-side route of the single-page app: not /api/, no dot in the last segment.
    std::optional<std::string> decoded = PercentDecode(r.path);
    if (decoded && !decoded->starts_with("/api/") &&
        decoded->find('.', decoded->rfind('/')) == std::string::npos) {
      file = Resolve("/index.html");
    }
  }
  // Refused and missing alike: 404, without saying why.
  if (!file.ok() && file.status().code() == StatusCode::kInvalidArgument) {
    return HttpResponse::Error(400, "bad request");
  }
  if (!file.ok()) return HttpResponse::Error(404, "not found");
  std::error_code ec;
  uintmax_t size = fs::file_size(*file, ec);
  if (ec || size > kMaxStaticFileBytes) return HttpResponse::Error(500, "internal error");
  std::ifstream in(*file, std::ios::binary);
  HttpResponse res;
  res.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return HttpResponse::Error(500, "internal error");
  res.content_type = std::string(ContentTypeFor(*file));
  // Built assets carry content hashes in their names; index.html must be revalidated.
  res.headers.emplace_back("Cache-Control", "no-cache");
  return res;
}

}  // namespace cx
