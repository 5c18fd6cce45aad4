// Test helper: a canonical text dump of a workspace store's content (every kind's rows, their
// history, the quarantine and the load counts), without load ids and wall-clock times, so two
// stores that hold the same data dump identically.
#pragma once

#include <filesystem>
#include <string>

namespace cx::testing {

std::string DumpStore(const std::filesystem::path& db_file);

// Runs a shell command, returns its exit status (as from waitpid) and captures stdout.
int RunCommand(const std::string& command, std::string* out = nullptr);

// A whole file's bytes ("" when it cannot be read).
std::string ReadFile(const std::filesystem::path& path);

}  // namespace cx::testing
