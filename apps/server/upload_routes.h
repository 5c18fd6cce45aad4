// The portal API's upload route:
//   POST /api/v1/uploads/{kind}   body: the file (streamed to a temporary file by the server),
//                                 header X-File-Name: its name (the format comes from it)
// loads one canonical file into the workspace (IngestCanonicalFile) and answers the load report.
// Who may upload what (TenantScope::CanWriteFor): a client admin any file; a partner user only
// files whose every record names its own partner, checked before anything is loaded (403 and
// nothing stored otherwise), and no kind without a partner field (self_service, volumes: they
// feed every partner's metrics); a client viewer nothing. Each upload is recorded (PortalStore
// uploads) so that the quarantine can be shown to the partner that uploaded it. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "portal/router.h"
#include "server/api_data.h"

namespace cx::server {

inline constexpr std::string_view kFileNameHeader = "x-file-name";

// The base name of `name` (after the last '/' or '\') when it is 1-128 bytes of
// [A-Za-z0-9._-], does not start with '.', and names a known format (.csv, .csv.gz, .jsonl,
// ...); InvalidArgument otherwise.
Result<std::string> SanitizeUploadName(std::string_view name);

void AddUploadRoutes(Router& router, ApiData& data);

}  // namespace cx::server
