// Reads contract files (TOML, docs/contracts.md) into Contract values. Every error names the
// file and line: TOML syntax, unknown keys, unknown metrics, impossible targets, negative
// weights or prices, overlapping versions, unknown pricing models. Thread-safe (no shared
// state).
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "contracts/contract.h"

namespace cx {

Result<Contract> ParseContract(std::string_view toml, std::string_view file);
Result<Contract> LoadContract(const std::filesystem::path& path);
// Every *.toml file of `dir`, sorted by file name. Two contracts for the same partner are an
// error (a partner has one contract; its history lives in the versions).
Result<std::vector<Contract>> LoadContracts(const std::filesystem::path& dir);

}  // namespace cx
