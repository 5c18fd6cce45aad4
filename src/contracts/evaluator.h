// Evaluates a contract month by month over a sequence of monthly facts, carrying state
// deterministically from one month to the next: KPI judgements, service credits and their
// earn-back, cure windows and escalation, termination triggers with their evidence, the rebid
// exemption, the invoice and its what-if alternatives. Rules: docs/contracts.md
// "Consequences". A ContractEvaluator is thread-compatible (one thread at a time); the
// Contract it reads must outlive it.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "contracts/contract.h"
#include "contracts/facts.h"
#include "contracts/invoice.h"
#include "contracts/kpi.h"

namespace cx {

struct KpiMonth {
  std::string metric;
  KpiStatus status = KpiStatus::kNotMeasured;
  std::optional<double> value;
  int64_t sample = 0;
  double target = 0;
  Direction direction = Direction::kHigherIsBetter;
  int64_t credit_cents = 0;  // Assessed this month, after the pool cap.
};

enum class CureEventKind { kOpened, kCured, kFailed };
std::string_view CureEventName(CureEventKind k);  // "opened", "cured", "failed"

struct CureEvent {
  CureEventKind kind = CureEventKind::kOpened;
  std::string metric;
  MonthIndex breach_month = 0;  // The month whose miss opened the window.
  MonthIndex deadline = 0;      // The window's last month.
};

struct EarnBackReturn {
  std::string metric;
  MonthIndex credit_month = 0;  // The month the credit was assessed.
  int64_t cents = 0;
};

// One month of a trigger's condition.
struct Evidence {
  MonthIndex month = 0;
  std::string metric;
  std::optional<double> value;
  std::string peer;                  // kBelowPeer: the worst peer...
  std::optional<double> peer_value;  // ...and its value.
};

struct TerminationFlag {
  std::string name;
  std::string reason;
  std::vector<Evidence> evidence;  // Oldest first.
};

struct RebidStatus {
  bool exempt = false;
  int streak = 0;  // Consecutive months meeting the exemption condition, this one included.
  std::optional<MonthIndex> exempt_since;
};

struct MonthOutcome {
  MonthIndex month = 0;
  std::vector<KpiMonth> kpis;  // In the SOW's order.
  int64_t at_risk_cents = 0;
  std::vector<EarnBackReturn> earn_backs;
  std::vector<CureEvent> cures;
  int escalation_level = 0;  // Failed cures so far (never decreases).
  std::vector<TerminationFlag> termination;  // Triggers whose condition holds this month.
  RebidStatus rebid;
  Invoice invoice;
  std::vector<Invoice> what_if;  // The same month under each alternative pricing.
};

struct EvaluateOptions {
  // When the SOW lists no [[sow.commercials.what_if]], the alternatives are the other models
  // priced to cost what the contract's pricing costs on this usage (EquivalentPricing); when
  // empty, on the first month evaluated.
  std::optional<MonthUsage> what_if_calibration;
};

class ContractEvaluator {
 public:
  explicit ContractEvaluator(const Contract& contract, EvaluateOptions options = {});

  // Evaluates the month of `facts`. The first call may be any month within the contract's
  // term; each later one must be the month after the previous (InvalidArgument otherwise).
  Result<MonthOutcome> Next(const MonthFacts& facts);

 private:
  struct Outstanding {
    MonthIndex month;
    int64_t cents;
    int met = 0;
  };
  struct KpiState {
    std::map<MonthIndex, KpiStatus> statuses;
    std::map<MonthIndex, std::optional<double>> values;
    std::vector<Outstanding> outstanding;  // Credits that can still be earned back.
    std::optional<CureEvent> cure;         // The open window.
  };

  std::vector<KpiObservation> Trailing(std::string_view metric) const;
  std::vector<InvoiceLine> EarnBack(const SowVersion& sow, MonthOutcome* out);
  void Cure(const SowVersion& sow, MonthOutcome* out);
  void Terminate(const SowVersion& sow, MonthOutcome* out) const;
  void Rebid(const SowVersion& sow, const MonthFacts& facts, MonthOutcome* out);
  Result<std::vector<Pricing>> WhatIfPricings(const SowVersion& sow) const;

  const Contract& contract_;
  EvaluateOptions options_;
  std::vector<MonthFacts> history_;  // Every month evaluated, in order.
  std::map<std::string, KpiState, std::less<>> kpis_;
  std::vector<std::pair<MonthIndex, std::string>> failed_cures_;
  int escalation_level_ = 0;
  RebidStatus rebid_;
};

// Evaluates consecutive months in order.
Result<std::vector<MonthOutcome>> EvaluateContract(const Contract& contract,
                                                   std::span<const MonthFacts> months,
                                                   const EvaluateOptions& options = {});

}  // namespace cx
