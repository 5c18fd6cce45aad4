#include "server/close_filter.h"

#include <algorithm>
#include <vector>

namespace cx::server {

namespace {

using nlohmann::json;

void RedactTree(json& j, std::string_view self, std::span<const std::string> partners) {
  if (j.is_string()) {
    j = RedactOtherPartners(j.get_ref<const std::string&>(), self, partners);
  } else if (j.is_array()) {
    for (json& e : j) RedactTree(e, self, partners);
  } else if (j.is_object()) {
    json out = json::object();
    for (auto& [key, value] : j.items()) {
      RedactTree(value, self, partners);
      out[RedactOtherPartners(key, self, partners)] = std::move(value);
    }
    j = std::move(out);
  }
}

// Termination evidence names a peer and its value: keep the comparison, not the peer's figure.
// The trigger's reason repeats the figures after its first ": " ("fcr below the worst in-house
// centre for 3 consecutive months: 2026-03 0.61 vs inhouse-nyc 0.71; ..."): with one in-house
// centre, "another partner" is no disguise, so that part goes too (the evidence keeps the
// partner's own values).
void DropPeerValues(json& partner) {
  auto termination = partner.find("termination");
  if (termination == partner.end() || !termination->is_array()) return;
  for (json& t : *termination) {
    if (!t.is_object() || !t.contains("evidence") || !t["evidence"].is_array()) continue;
    bool had_peer = false;
    for (json& e : t["evidence"]) {
      if (e.is_object()) had_peer = e.erase("peer_value") > 0 || had_peer;
    }
    if (had_peer && t.contains("reason") && t["reason"].is_string()) {
      const std::string reason = t["reason"].get<std::string>();
      t["reason"] = reason.substr(0, reason.find(": "));
    }
  }
}

// Whether a diff line of the partner's own entry shows a peer's figure: the change of a peer
// value, or of a termination reason (which holds them).
bool ShowsPeerFigure(std::string_view line) {
  const size_t at = line.find("/termination");
  if (at == std::string_view::npos) return false;
  const std::string_view path = line.substr(at, line.find(": ", at) - at);
  return path.find("/peer_value") != std::string_view::npos ||
         path.find("/reason") != std::string_view::npos;
}

bool IsString(const json& j, std::string_view key, std::string_view value) {
  return j.is_object() && j.contains(key) && j[key].is_string() &&
         j[key].get_ref<const std::string&>() == value;
}

}  // namespace

std::string RedactOtherPartners(std::string_view text, std::string_view self,
                                std::span<const std::string> partners) {
  std::vector<std::string_view> others;
  for (const std::string& p : partners) {
    if (!p.empty() && p != self) others.push_back(p);
  }
  std::sort(others.begin(), others.end(),
            [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (!self.empty() && text.substr(i).starts_with(self)) {
      out += self;
      i += self.size();
      continue;
    }
    bool replaced = false;
    for (std::string_view o : others) {
      if (text.substr(i).starts_with(o)) {
        out += kAnotherPartner;
        i += o.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

json CloseForPartner(const json& doc, std::string_view self,
                     std::span<const std::string> partners) {
  json out = json::object();
  for (const char* key : {"period", "version"}) {
    if (doc.contains(key)) out[key] = doc[key];
  }
  json own = json::array();
  if (doc.contains("partners") && doc["partners"].is_array()) {
    for (const json& p : doc["partners"]) {
      if (IsString(p, "partner", self)) {
        json entry = p;
        DropPeerValues(entry);
        own.push_back(std::move(entry));
      }
    }
  }
  out["partners"] = std::move(own);
  if (doc.contains("allocation") && doc["allocation"].is_object()) {
    const json& a = doc["allocation"];
    json alloc = json::object();
    if (a.contains("for_period")) alloc["for_period"] = a["for_period"];
    json queues = json::array();
    if (a.contains("queues") && a["queues"].is_array()) {
      for (const json& q : a["queues"]) {
        if (!q.is_object()) continue;
        json shares = json::array();
        if (q.contains("shares") && q["shares"].is_array()) {
          for (const json& s : q["shares"]) {
            if (IsString(s, "partner", self)) shares.push_back(s);
          }
        }
        if (shares.empty()) continue;  // A queue it has no share of is not its business.
        json queue = {{"shares", std::move(shares)}};
        for (const char* key : {"queue", "pool_winner", "pool_metric", "summary"}) {
          if (q.contains(key)) queue[key] = q[key];
        }
        queues.push_back(std::move(queue));
      }
    }
    alloc["queues"] = std::move(queues);
    out["allocation"] = std::move(alloc);
  }
  if (doc.contains("diff") && doc["diff"].is_object()) {
    const json& d = doc["diff"];
    json diff = json::object();
    if (d.contains("from_version")) diff["from_version"] = d["from_version"];
    const std::string restated_mark = " " + std::string(self) + "/";
    const std::string change_mark = "/partners[" + std::string(self) + "]";
    json restated = json::array(), changes = json::array();
    if (d.contains("restated") && d["restated"].is_array()) {
      for (const json& line : d["restated"]) {
        if (line.is_string() &&
            line.get_ref<const std::string&>().find(restated_mark) != std::string::npos) {
          restated.push_back(line);
        }
      }
    }
    if (d.contains("changes") && d["changes"].is_array()) {
      for (const json& line : d["changes"]) {
        if (line.is_string() && line.get_ref<const std::string&>().starts_with(change_mark) &&
            !ShowsPeerFigure(line.get_ref<const std::string&>())) {
          changes.push_back(line);
        }
      }
    }
    diff["restated"] = std::move(restated);
    diff["changes"] = std::move(changes);
    out["diff"] = std::move(diff);
  }
  RedactTree(out, self, partners);
  return out;
}

}  // namespace cx::server
