// Reading the `[allocation]` table of a TOML file into an AllocationRule (allocation.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "metrics/settings_toml.h"
#include "metrics/toml_reader.h"
#include "ranking/allocation.h"

namespace cx {

namespace {

// A partner code: non-empty text.
Status PartnerCode(const TomlReader& r, const toml::table& t, std::string_view key,
                   std::string* out) {
  RETURN_IF_ERROR(r.String(t, key, out));
  if (const toml::node* n = t.get(key); n && out->empty()) {
    return r.Error(*n, r.Key(key) + " must be a partner code");
  }
  return Status::Ok();
}

// A list of non-empty texts (`r` names the keys of `t` in full).
Status Names(const TomlReader& r, const toml::table& t, std::string_view key,
             std::vector<std::string>* out) {
  RETURN_IF_ERROR(r.StringList(t, key, out));
  if (std::find(out->begin(), out->end(), "") != out->end()) {
    return r.Error(*t.get(key), r.Key(key) + " has an empty name");
  }
  return Status::Ok();
}

// A share in [0, 1] in whole basis points (0.45 -> 4500).
Status Share(const TomlReader& r, const toml::table& t, std::string_view key, int* out) {
  double v = -1;
  RETURN_IF_ERROR(r.Number(t, key, 0, 1, &v));
  if (v < 0) return Status::Ok();  // Absent.
  const double bp = v * kFullBasisPoints;
  if (std::fabs(bp - std::round(bp)) > 1e-6) {
    return r.Error(*t.get(key), r.Key(key) + " must be a share in whole basis points (like 0.45)");
  }
  *out = static_cast<int>(std::lround(bp));
  return Status::Ok();
}

}  // namespace

Result<AllocationRule> ParseAllocationRule(const toml::table& t, std::string_view file) {
  const TomlReader r(file, "allocation.");
  RETURN_IF_ERROR(r.OnlyKeys(t,
                             {"champion", "challenger", "champion_share", "challenger_share",
                              "pool_metrics", "alpha", "no_lead", "queues"},
                             "allocation."));
  AllocationRule rule;
  RETURN_IF_ERROR(r.Required(t, "champion", "[allocation]").status());
  RETURN_IF_ERROR(PartnerCode(r, t, "champion", &rule.champion));
  RETURN_IF_ERROR(PartnerCode(r, t, "challenger", &rule.challenger));
  if (!t.get("challenger")) rule.challenger_bp = 0;  // No challenger unless a share names one.
  RETURN_IF_ERROR(Share(r, t, "champion_share", &rule.champion_bp));
  RETURN_IF_ERROR(Share(r, t, "challenger_share", &rule.challenger_bp));
  RETURN_IF_ERROR(Names(r, t, "pool_metrics", &rule.pool_metrics));
  RETURN_IF_ERROR(r.Number(t, "alpha", 0, 1, &rule.alpha));
  if (rule.alpha == 0 || rule.alpha == 1) {
    return r.Error(*t.get("alpha"), r.Key("alpha") +
                                        " must be a number between 0 and 1, "
                                        "neither included");
  }
  RETURN_IF_ERROR(r.Choice<PoolSplit>(
      t, "no_lead", {{"tied_leaders", PoolSplit::kTiedLeaders}, {"pro_rata", PoolSplit::kProRata}},
      &rule.no_lead));
  if (const toml::node* n = t.get("queues")) {
    const toml::table* queues = n->as_table();
    if (!queues) return r.Error(*n, r.Key("queues") + " must be a table of queue = [partners]");
    const TomlReader q(file, "allocation.queues.");
    for (const auto& [queue, list] : *queues) {
      RETURN_IF_ERROR(Names(q, *queues, queue.str(), &rule.eligible[std::string(queue.str())]));
    }
  }
  Status valid = ValidateAllocationRule(rule);
  if (!valid.ok()) {
    return InvalidArgument("{}:{}: {}", file, t.source().begin.line, valid.message());
  }
  return rule;
}

Result<AllocationRule> ParseAllocationRuleText(std::string_view text, std::string_view file) {
  ASSIGN_OR_RETURN(toml::table root, ParseTomlText(text, file));
  const toml::table* t = root["allocation"].as_table();
  if (!t) return InvalidArgument("{}: no [allocation] table", file);
  return ParseAllocationRule(*t, file);
}

}  // namespace cx
