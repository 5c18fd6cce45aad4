#include "server/upload_routes.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "io/record_source.h"
#include "server/api_route.h"

namespace cx::server {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

// PermissionDenied unless the caller may load every record of the file. The message does not
// repeat a partner name from the file.
Status CheckWriter(const TenantScope& scope, Kind kind, const fs::path& path) {
  if (!scope.CanWriteFor(scope.principal().partner)) {
    return PermissionDenied("user '{}' may not upload data", scope.principal().user);
  }
  if (scope.CanSeeAllPartners()) return Status::Ok();  // A client admin: any file.
  const int field = SpecOf(kind).FieldIndex("partner");
  if (field < 0) {
    return PermissionDenied(
        "{} files hold data of every partner; only a client admin may "
        "upload them",
        SpecOf(kind).name);
  }
  ASSIGN_OR_RETURN(FileFormat format, FormatFromName(path));
  ASSIGN_OR_RETURN(std::unique_ptr<RecordSource> source, OpenCanonicalSource(kind, path, format));
  SourceRecord record;
  for (;;) {
    ASSIGN_OR_RETURN(bool more, source->Next(&record));
    if (!more) break;
    if (!record.error.empty()) continue;  // Unreadable: quarantined, never loaded.
    if (!scope.CanWriteFor(record.texts[field])) {
      return PermissionDenied("record {} (line {}) is not of partner '{}': nothing was loaded",
                              record.record, record.line, scope.principal().partner);
    }
  }
  return Status::Ok();
}

json ReportJson(const IngestReport& r) {
  const LoadCounts& c = r.counts;
  json reasons = json::object();
  for (const auto& [reason, n] : r.reasons) reasons[reason] = n;
  json first = json::array();
  for (const QuarantineEntry& e : r.first_quarantined) {
    first.push_back({{"record", e.record},
                     {"line", e.line},
                     {"field", e.field},
                     {"value", e.value},
                     {"reason", e.reason},
                     {"detail", e.detail}});
  }
  return {{"file", r.file},
          {"kind", SpecOf(r.kind).name},
          {"sha256", r.sha256},
          {"counts",
           {{"read", c.read},
            {"inserted", c.inserted},
            {"unchanged", c.unchanged},
            {"corrected", c.corrected},
            {"stale", c.stale},
            {"superseded", c.superseded},
            {"quarantined", c.quarantined}}},
          {"quarantine", {{"reasons", reasons}, {"first", first}}},
          {"summary", FormatReport(r)}};
}

// The upload under its own name, in a fresh folder beside it (a hard link; a copy when the
// file system refuses), removed when this goes out of scope.
class NamedCopy {
 public:
  static Result<NamedCopy> Make(const fs::path& body, const std::string& name) {
    static std::atomic<uint64_t> seq{0};
    NamedCopy out;
    out.dir_ = body.parent_path() / fmt::format("named-{}-{}", ::getpid(), ++seq);
    std::error_code ec;
    fs::create_directories(out.dir_, ec);
    if (ec) return IoError("cannot create a folder for the upload: {}", ec.message());
    out.path_ = out.dir_ / name;
    fs::create_hard_link(body, out.path_, ec);
    if (ec) {
      ec.clear();
      fs::copy_file(body, out.path_, ec);
      if (ec) return IoError("cannot copy the upload: {}", ec.message());
    }
    return out;
  }
  NamedCopy() = default;
  NamedCopy(NamedCopy&& o) noexcept : dir_(std::move(o.dir_)), path_(std::move(o.path_)) {
    o.dir_.clear();
  }
  NamedCopy& operator=(NamedCopy&&) = delete;
  ~NamedCopy() {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path dir_, path_;
};

Result<HttpResponse> Upload(ApiData& data, const RouteContext& ctx, const TenantScope& scope) {
  if (!scope.CanWriteFor(scope.principal().partner)) {
    return PermissionDenied("user '{}' may not upload data", scope.principal().user);
  }
  Result<Kind> kind_or = KindFromName(ctx.Param("kind"));
  if (!kind_or.ok()) {  // Without echoing the parameter.
    return InvalidArgument(
        "unknown kind (expected contacts, surveys, self_service, kb_events, "
        "outages, volumes or partner_reports)");
  }
  const Kind kind = *kind_or;
  ASSIGN_OR_RETURN(std::string name, SanitizeUploadName(ctx.request.Header(kFileNameHeader)));
  if (ctx.request.body_file.empty()) return InvalidArgument("the upload has no body");
  ASSIGN_OR_RETURN(NamedCopy file, NamedCopy::Make(ctx.request.body_file, name));
  RETURN_IF_ERROR(CheckWriter(scope, kind, file.path()));
  // A partner user's rows may not replace another partner's (a survey_id or an event_id does
  // not name its partner, so CheckWriter alone cannot see it).
  Result<IngestReport> report = data.Ingest(
      kind, file.path(), scope.CanSeeAllPartners() ? std::string() : scope.principal().partner);
  UploadRecord upload;
  upload.at = data.Now();
  upload.user = scope.principal().user;
  upload.partner = scope.principal().partner;
  upload.kind = std::string(SpecOf(kind).name);
  upload.file = name;
  upload.sha256 = report.ok() ? report->sha256 : "";
  upload.outcome = report.ok() ? "ok" : "error: " + report.status().message();
  RETURN_IF_ERROR(data.AddUpload(upload));
  if (!report.ok()) return report.status();
  return HttpResponse::Json(200, ReportJson(*report));
}

}  // namespace

Result<std::string> SanitizeUploadName(std::string_view name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  if (name.empty() || name.size() > 128 || name.front() == '.' ||
      !std::all_of(name.begin(), name.end(), NameChar)) {
    return InvalidArgument(
        "X-File-Name must be a file name of 1-128 characters from "
        "A-Z a-z 0-9 . _ - (not starting with '.')");
  }
  RETURN_IF_ERROR(FormatFromName(std::string(name)).status());
  return std::string(name);
}

void AddUploadRoutes(Router& router, ApiData& data) {
  AddScopedRoute(router,
                 PostRoute("/api/v1/uploads/{kind}", "upload", RouteOptions{.upload = true}),
                 [&data](const RouteContext& ctx, const TenantScope& scope) {
                   return Upload(data, ctx, scope);
                 });
}

}  // namespace cx::server
