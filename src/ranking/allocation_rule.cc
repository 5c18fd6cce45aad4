// Reading the `[allocation]` table of a TOML file into an AllocationRule (allocation.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "metrics/settings_toml.h"
#include "ranking/allocation.h"

namespace cx {

namespace {

class RuleReader {
 public:
  explicit RuleReader(std::string_view file) : file_(file) {}

  Status Error(const toml::node& n, std::string_view what) const {
    return InvalidArgument("{}:{}: allocation.{}", file_, n.source().begin.line, what);
  }

  Status Text(const toml::table& t, std::string_view key, std::string* out) const {
    const toml::node* n = t.get(key);
    if (!n) return Status::Ok();
    auto v = n->value<std::string>();
    if (!v || v->empty()) return Error(*n, fmt::format("{} must be a partner code", key));
    *out = *v;
    return Status::Ok();
  }

  // A share in [0, 1] in whole basis points (0.45 -> 4500).
  Status Share(const toml::table& t, std::string_view key, int* out) const {
    const toml::node* n = t.get(key);
    if (!n) return Status::Ok();
    auto v = n->value<double>();
    const double bp = v ? *v * kFullBasisPoints : -1;
    if (!v || !(*v >= 0 && *v <= 1) || std::fabs(bp - std::round(bp)) > 1e-6) {
      return Error(*n, fmt::format("{} must be a share between 0 and 1 in whole basis points "
                                   "(like 0.45)",
                                   key));
    }
    *out = static_cast<int>(std::lround(bp));
    return Status::Ok();
  }

  // A list of non-empty texts.
  Status Names(const toml::node& n, std::string_view what, std::vector<std::string>* out) const {
    const toml::array* a = n.as_array();
    if (!a) return Error(n, fmt::format("{} must be a list of names", what));
    out->clear();
    for (const toml::node& e : *a) {
      auto v = e.value<std::string>();
      if (!v || v->empty()) return Error(e, fmt::format("{} must be a list of names", what));
      out->push_back(*v);
    }
    return Status::Ok();
  }

 private:
  std::string_view file_;
};

}  // namespace

Result<AllocationRule> ParseAllocationRule(const toml::table& t, std::string_view file) {
  RuleReader r(file);
  constexpr std::string_view kKeys[] = {"champion",         "challenger",   "champion_share",
                                        "challenger_share", "pool_metrics", "alpha",
                                        "no_lead",          "queues"};
  for (const auto& [key, node] : t) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key.str()) == std::end(kKeys)) {
      return r.Error(node, fmt::format("{}: unknown key", key.str()));
    }
  }
  AllocationRule rule;
  if (!t.get("champion")) return r.Error(t, "champion is required");
  RETURN_IF_ERROR(r.Text(t, "champion", &rule.champion));
  RETURN_IF_ERROR(r.Text(t, "challenger", &rule.challenger));
  if (!t.get("challenger")) rule.challenger_bp = 0;  // No challenger unless a share names one.
  RETURN_IF_ERROR(r.Share(t, "champion_share", &rule.champion_bp));
  RETURN_IF_ERROR(r.Share(t, "challenger_share", &rule.challenger_bp));
  if (const toml::node* n = t.get("pool_metrics")) {
    RETURN_IF_ERROR(r.Names(*n, "pool_metrics", &rule.pool_metrics));
  }
  if (const toml::node* n = t.get("alpha")) {
    auto v = n->value<double>();
    if (!v || !(*v > 0 && *v < 1)) return r.Error(*n, "alpha must be a number between 0 and 1");
    rule.alpha = *v;
  }
  if (const toml::node* n = t.get("no_lead")) {
    auto v = n->value<std::string>();
    if (v && *v == "tied_leaders") {
      rule.no_lead = PoolSplit::kTiedLeaders;
    } else if (v && *v == "pro_rata") {
      rule.no_lead = PoolSplit::kProRata;
    } else {
      return r.Error(*n, "no_lead must be one of tied_leaders, pro_rata");
    }
  }
  if (const toml::node* n = t.get("queues")) {
    const toml::table* queues = n->as_table();
    if (!queues) return r.Error(*n, "queues must be a table of queue = [partners]");
    for (const auto& [queue, list] : *queues) {
      RETURN_IF_ERROR(r.Names(list, fmt::format("queues.{}", queue.str()),
                              &rule.eligible[std::string(queue.str())]));
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
