// A contract with a BPO partner as data: three layers (master services agreement, statement of
// work, operations manual), each a list of versions with an effective date. A version applies
// to a month when it is effective on or before the month's first day; the latest such version
// wins (docs/contracts.md). Read from TOML by contract_reader.h. Immutable after loading;
// thread-safe for concurrent reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "calendar/civil_day.h"
#include "contracts/metric_catalog.h"
#include "metrics/settings.h"

namespace cx {

// A month as year * 12 + (month - 1), the index of base/time.h ParseYearMonth.
using MonthIndex = int;
std::string FormatMonth(MonthIndex month);          // "2026-03"
CivilDay FirstDayOfMonth(MonthIndex month);
MonthIndex MonthOf(CivilDay day);

// ---- Master services agreement: who, how long, how to leave, data. ----
enum class Renewal { kNone, kAutomatic, kByOption };

struct MsaVersion {
  CivilDay effective;
  int line = 0;  // Of the version's [[msa]] header, for messages.
  std::string client;
  std::string partner;   // As in the data's `partner` field.
  bool in_house = false;  // The client's own centre: an internal-cost agreement, a peer group.
  CivilDay term_start;
  std::optional<CivilDay> term_end;  // Open-ended when empty.
  Renewal renewal = Renewal::kNone;
  int renewal_months = 12;
  int cancellation_notice_months = 3;  // Termination for convenience.
  int cure_notice_days = 30;           // Written notice before a cure window starts counting.
  std::string data_protection;         // The data-processing agreement it refers to.
  int retention_months = 24;           // How long the partner keeps customer data.
  int deletion_days = 30;              // To return or delete data after the end.
};

// ---- Statement of work: services, KPIs, consequences, commercials. ----
enum class KpiPeriod { kMonth, kRollingQuarter };  // Rolling: this month and the two before.
enum class Judgement { kValue, kInterval };        // Interval: missed only if the whole 95%
                                                    // interval is on the wrong side.
struct Kpi {
  std::string metric;
  const MetricInfo* info = nullptr;
  double target = 0;
  Direction direction = Direction::kHigherIsBetter;
  int64_t weight_bp = 0;   // Share of the at-risk amount, in basis points (100% = 10000).
  int64_t min_sample = 0;  // Below this denominator the KPI is not measured.
  KpiPeriod period = KpiPeriod::kMonth;
  Judgement judged_on = Judgement::kValue;
  int line = 0;
};

struct CureRule {
  int months = 0;         // Length of the cure window; 0: no cure provision.
  int breach_misses = 1;  // A breach is a missed month that makes `breach_misses` misses...
  int breach_window = 1;  // ...within the last `breach_window` months (this one included).
};

enum class BonusKind { kOverTarget, kImprovement };
struct Bonus {
  BonusKind kind = BonusKind::kOverTarget;
  std::string metric;
  const MetricInfo* info = nullptr;
  double margin = 0;      // kOverTarget: beat the KPI's target by at least this.
  double baseline = 0;    // kImprovement: beat baseline by at least min_improvement.
  double min_improvement = 0;
  int64_t min_sample = 0;
  int64_t amount_cents = 0;  // Either a fixed amount...
  int64_t share_bp = 0;      // ...or a share of the month's charges.
  int line = 0;
};

enum class TriggerKind { kBelowPeer, kFailedCures, kConsecutiveMisses };
struct TerminationTrigger {
  std::string name;
  TriggerKind kind = TriggerKind::kBelowPeer;
  std::string metric;
  const MetricInfo* info = nullptr;
  std::vector<std::string> peers;  // kBelowPeer: partner ids, or...
  bool in_house_peers = false;     // ...every partner marked in-house.
  bool significant = false;  // kBelowPeer: our interval's best end must be worse than the peer.
  int64_t min_sample = 0;
  int months = 3;            // Consecutive months (kBelowPeer, kConsecutiveMisses), or the
                             // trailing window of kFailedCures.
  int count = 2;             // kFailedCures: failed cures within `months`.
  int line = 0;
};

struct RebidExemption {
  int months = 0;            // Consecutive months needed; 0: no exemption clause.
  bool all_kpis_met = true;  // Every KPI met, or else `metric` at `level` or better.
  std::string metric;
  const MetricInfo* info = nullptr;
  double level = 0;
};

enum class PricingModel { kPerHour, kPerFte, kPerHandled, kPerResolved, kSubscription };
std::string_view PricingModelName(PricingModel m);

enum class OutcomeKind { kNone, kPerPoint, kResolvedAboveRate };
struct OutcomeBonus {
  OutcomeKind kind = OutcomeKind::kNone;
  std::string metric;  // kPerPoint: a KPI-able metric...
  const MetricInfo* info = nullptr;
  double target = 0;   // ...paid per point beyond this.
  int64_t min_sample = 0;
  int64_t per_point_micros = 0;
  double rate = 0;                  // kResolvedAboveRate: resolved beyond rate x fcr denominator.
  int64_t per_contact_micros = 0;
  std::optional<int64_t> cap_cents;
};

struct Pricing {
  std::string label;  // Shown in what-if comparisons; defaults to the model name.
  PricingModel model = PricingModel::kPerHandled;
  int64_t unit_price_micros = 0;  // Per hour, FTE-month, handled or resolved contact.
  int64_t subscription_price_micros = 0;  // kSubscription: per active subscription...
  int64_t transaction_price_micros = 0;   // ...plus per handled contact.
  int64_t occupancy_bp = kOccupancyOne;   // Hours derived from handle time: handle / occupancy.
  int64_t hours_per_fte_milli = 160'000;
  std::string subscription_measure = "average";  // "average" or "month_end" daily count.
  OutcomeBonus outcome_bonus;
  int line = 0;
  static constexpr int64_t kOccupancyOne = 10'000;
};

struct SowVersion {
  CivilDay effective;
  int line = 0;
  std::vector<std::string> channels, queues;  // Services in scope.
  std::vector<Kpi> kpis;
  int64_t at_risk_bp = 0;  // Share of the month's charges at risk.
  int earn_back_months = 0;  // 0: no earn-back.
  CureRule cure;
  std::vector<Bonus> bonuses;
  std::optional<int64_t> bonus_cap_bp;  // Of charges; defaults to at_risk_bp.
  std::vector<TerminationTrigger> termination;
  RebidExemption rebid;
  Pricing pricing;
  std::vector<Pricing> what_if;  // Alternatives priced side by side.
  const Kpi* FindKpi(std::string_view metric) const;
};

// ---- Operations manual: what changes without renegotiation. ----
struct OperationsVersion {
  CivilDay effective;
  int line = 0;
  std::vector<std::string> queues;  // When not empty, replaces the SOW's queue list.
  MetricSettings settings;          // Reporting zone, business calendar, thresholds.
};

// The versions in force for one month.
struct ContractTerms {
  MonthIndex month = 0;
  const MsaVersion* msa = nullptr;
  const SowVersion* sow = nullptr;
  const OperationsVersion* operations = nullptr;  // nullptr: no manual yet, defaults apply.
  MetricSettings settings;  // The manual's, or MetricSettings defaults.
  bool in_term = false;     // The month lies within the MSA's term.
};

struct Contract {
  std::string id;
  std::string file;
  std::string currency = "USD";
  // Each sorted by effective date, no two first applying in the same month.
  std::vector<MsaVersion> msa;
  std::vector<SowVersion> sow;
  std::vector<OperationsVersion> operations;

  const std::string& partner() const { return msa.front().partner; }
  bool in_house() const { return msa.back().in_house; }
  // NotFound when the MSA or SOW has no version effective by the month's first day.
  Result<ContractTerms> TermsFor(MonthIndex month) const;
};

}  // namespace cx
