// What a partner user may see of a close document (docs/close.md): its own partner entry and its
// own allocation shares, nothing of the other partners. Other partners' names that remain in its
// own entry's text (a termination trigger's peer, an allocation pool's winner, a summary) become
// "another partner", and values measured on another partner (termination evidence
// `peer_value`) are removed. Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

namespace cx::server {

inline constexpr std::string_view kAnotherPartner = "another partner";

// The document as `self`'s user may see it. `partners` lists every partner of the workspace
// (`self` may be among them); names in `partners` other than `self` are redacted everywhere.
nlohmann::json CloseForPartner(const nlohmann::json& doc, std::string_view self,
                               std::span<const std::string> partners);

// `text` with every occurrence of a name of `partners` other than `self` replaced by
// kAnotherPartner (longest names first; an occurrence inside `self`'s own name is kept).
std::string RedactOtherPartners(std::string_view text, std::string_view self,
                                std::span<const std::string> partners);

}  // namespace cx::server
