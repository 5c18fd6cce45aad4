// Reading a whole (small) file: settings, contracts, mappings. Thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "base/status.h"

namespace cx {

// The file's bytes, or IoError "PATH: cannot read the WHAT" ("settings file", ...).
Result<std::string> ReadFileToString(const std::filesystem::path& path, std::string_view what);

}  // namespace cx
