#include "generate/activity.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace cx::gen {

namespace {

constexpr Micros kSecond = kMicrosPerSecond;

Micros Seconds(double s) { return static_cast<Micros>(s * 1e6); }
Micros Whole(Micros t) { return t - t % kSecond; }  // t > 0

int8_t Scale(double x, int lo, int hi) {
  return static_cast<int8_t>(std::clamp(static_cast<int>(std::floor(x + 0.5)), lo, hi));
}

}  // namespace

ActivityModel::ActivityModel(const Timeline& timeline, IssueModel* issues, uint64_t seed)
    : timeline_(timeline),
      issues_(issues),
      rng_(seed, 3),
      surveys_(timeline),
      sessions_(timeline),
      kb_(timeline) {
  std::vector<double> w;
  for (const ReasonProfile& r : Reasons()) w.push_back(r.weight);
  reason_weights_ = Discrete(w);
}

int64_t ActivityModel::Carry(double* carry, double expected) {
  *carry += expected;
  const double n = std::floor(*carry);
  *carry -= n;
  return static_cast<int64_t>(n);
}

uint16_t ActivityModel::ArticleFor(int reason) {
  // 20 articles per reason, the first ones most used; the last 80 are general articles.
  if (reason == kNoReason || rng_.Bernoulli(0.1)) {
    return static_cast<uint16_t>(kNumArticles - 79 + rng_.Below(80));
  }
  const int k = std::min(19, static_cast<int>(rng_.Exponential(3.0)));
  return static_cast<uint16_t>(reason * 20 + 1 + k);
}

void ActivityModel::View(Micros at, uint32_t customer, uint16_t article, double p_vote,
                         double p_helpful) {
  at = Whole(at);
  kb_.Push({.at = at,
            .seq = issues_->NextSeq(),
            .customer = customer,
            .article = article,
            .kind = KbKind::kView});
  if (rng_.Bernoulli(p_vote)) {
    const KbKind kind = rng_.Bernoulli(p_helpful) ? KbKind::kHelpful : KbKind::kNotHelpful;
    kb_.Push({.at = Whole(at + Seconds(rng_.Uniform(10, 600))),
              .seq = issues_->NextSeq(),
              .customer = customer,
              .article = article,
              .kind = kind});
  }
}

void ActivityModel::BeforeIssue(const Contact& first) {
  if (first.customer == kNoCustomer) return;
  const bool voice = first.channel == Channel::kVoice;
  const uint8_t reason = first.reason_missing ? kNoReason : first.reason;
  if (rng_.Bernoulli(voice ? 0.12 : 0.06)) {  // self-service that did not solve it
    SessionEvent s{.seq = issues_->NextSeq(),
                   .customer = first.customer,
                   .reason = rng_.Bernoulli(0.9) ? reason : kNoReason,
                   .completed = rng_.Bernoulli(0.15)};
    const double u = rng_.Uniform();
    s.channel = voice ? (u < 0.6 ? 2 : u < 0.85 ? 0 : 1) : (u < 0.6 ? 0 : 1);
    const double before = s.channel == 2 ? rng_.LogNormal(90, 0.8) : rng_.LogNormal(1800, 1.2);
    s.at = Whole(first.arrived - Seconds(std::clamp(before, 20.0, 20 * 3600.0)));
    if (s.at >= timeline_.RangeStart()) sessions_.Push(s);
  }
  if (rng_.Bernoulli(0.10)) {  // read an article, then got in touch anyway
    const Micros at =
        first.arrived - Seconds(std::clamp(rng_.LogNormal(2400, 1.2), 60.0, 20 * 3600.0));
    if (at >= timeline_.RangeStart()) View(at, first.customer, ArticleFor(reason), 0.4, 0.1);
  }
}

const SurveyEvent* ActivityModel::AfterContact(const Contact& c) {
  const PartnerProfile& p = Partners()[c.partner];
  if (c.answered != kNoTime && rng_.Bernoulli(p.kb_use)) {
    const int uses = rng_.Bernoulli(0.15) ? 2 : 1;
    for (int i = 0; i < uses; ++i) {
      const double span = std::max(10.0, c.handle_tenths / 10.0);
      kb_.Push({.at = Whole(c.answered + Seconds(rng_.Uniform(5, span))),
                .seq = issues_->NextSeq(),
                .contact_number = c.number,
                .article = ArticleFor(c.reason),
                .kind = KbKind::kAgentUse,
                .partner = c.partner});
    }
  }
  if (c.abandoned || c.answered == kNoTime || c.customer == kNoCustomer) return nullptr;
  if (!rng_.Bernoulli(0.15)) return nullptr;
  SurveyEvent e{.seq = issues_->NextSeq(),
                .survey_no = next_survey_++,
                .customer = c.customer,
                .contact_number = c.number,
                .partner = c.partner};
  const Micros done = c.ended != kNoTime ? c.ended : c.answered;
  e.at = done + Seconds(std::max(60.0, rng_.LogNormal(3 * 3600.0, 1.2)));
  e.at = Whole(e.at);
  double wait_penalty = 0;
  const Micros wait = c.answered - c.arrived;
  if (IsLive(c.channel)) {
    wait_penalty = wait > 300 * kSecond ? -0.8 : wait > 60 * kSecond ? -0.4 : 0;
  } else if (wait > 48 * kMicrosPerHour) {
    wait_penalty = -0.6;
  }
  const double s = p.satisfaction + (c.repeated ? -1.3 : 0.35) + (c.transferred ? -0.5 : 0) +
                   wait_penalty + rng_.Normal();
  Score(s, &e);
  if (e.comment >= 0 && c.repeated && s < 0 && rng_.Bernoulli(0.7)) {
    e.comment = static_cast<int16_t>(3 * 64 + rng_.Below(Comments(3).size()));
  }
  surveys_.Push(e);
  last_survey_ = e;
  return &last_survey_;
}

void ActivityModel::Score(double s, SurveyEvent* e) {
  const bool has_nps = rng_.Bernoulli(0.92);
  const bool has_csat = rng_.Bernoulli(0.8);
  const bool has_ces = rng_.Bernoulli(0.65);
  if (has_nps || (!has_csat && !has_ces)) {
    e->nps = Scale(7.6 + 2.0 * s + 0.8 * rng_.Normal(), 0, 10);
  }
  if (has_csat) e->csat = Scale(3.9 + 1.0 * s + 0.5 * rng_.Normal(), 1, 5);
  if (has_ces) e->ces = Scale(5.2 + 1.3 * s + 0.7 * rng_.Normal(), 1, 7);
  if (rng_.Bernoulli(0.3)) {
    const int tone = s > 0.6 ? 0 : s < -0.6 ? 2 : 1;
    e->comment = static_cast<int16_t>(tone * 64 + rng_.Below(Comments(tone).size()));
  }
}

void ActivityModel::Daily(int day, int64_t day_contacts) {
  const double n = static_cast<double>(day_contacts);
  const uint32_t customers = issues_->num_customers();
  for (int64_t i = Carry(&session_carry_, 0.09 * n); i > 0; --i) {  // contained sessions
    SessionEvent s{.at = Whole(issues_->SampleTimeOnDay(day, true, rng_)),
                   .seq = issues_->NextSeq(),
                   .customer = static_cast<uint32_t>(rng_.Below(customers))};
    const double u = rng_.Uniform();
    s.channel = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
    s.reason = rng_.Bernoulli(0.9) ? static_cast<uint8_t>(reason_weights_.Sample(rng_)) : kNoReason;
    s.completed = rng_.Bernoulli(0.75);
    sessions_.Push(s);
  }
  for (int64_t i = Carry(&view_carry_, 0.12 * n); i > 0; --i) {  // deflected views
    const Micros at = issues_->SampleTimeOnDay(day, true, rng_);
    const auto customer = static_cast<uint32_t>(rng_.Below(customers));
    View(at, customer, ArticleFor(reason_weights_.Sample(rng_)), 0.25, 0.75);
  }
  // Relationship surveys: about 5% of all surveys (15% of handled contacts are surveyed).
  for (int64_t i = Carry(&relationship_carry_, 0.15 * 0.93 * n * 0.05 / 0.95); i > 0; --i) {
    SurveyEvent e{.at = issues_->SampleTimeOnDay(day, true, rng_),
                  .seq = issues_->NextSeq(),
                  .survey_no = next_survey_++,
                  .customer = static_cast<uint32_t>(rng_.Below(customers))};
    e.at = Whole(e.at);
    Score(0.1 + 1.1 * rng_.Normal(), &e);
    surveys_.Push(e);
  }
}

}  // namespace cx::gen
