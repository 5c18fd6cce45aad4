#include "generate/issue_model.h"

#include <algorithm>
#include <cmath>

namespace cx::gen {

namespace {

constexpr int kMaxChain = 8;
constexpr Micros kSecond = kMicrosPerSecond;

Micros Seconds(double s) { return static_cast<Micros>(s * 1e6); }

Discrete FromSpan(std::span<const double> w) { return Discrete(w); }

}  // namespace

IssueModel::IssueModel(const Timeline& timeline, int64_t contacts, uint64_t seed)
    : timeline_(timeline), rng_(seed, 1) {
  // Twice as many customers as contacts: most contact once or twice in the period.
  num_customers_ = static_cast<uint32_t>(std::clamp<int64_t>(2 * contacts, 1000, 4'000'000'000));
  const auto partners = Partners();
  std::vector<double> joint;
  for (const PartnerProfile& p : partners) {
    for (int ch = 0; ch < kNumChannels; ++ch) {
      for (int q = 0; q < kNumQueues; ++q)
        joint.push_back(p.share * p.channel_mix[ch] * p.queue_mix[q]);
    }
  }
  routes_ = Discrete(joint);
  std::array<double, kNumChannels> channel_total{};
  std::array<double, kNumQueues> queue_total{};
  for (int ch = 0; ch < kNumChannels; ++ch) {
    for (int q = 0; q < kNumQueues; ++q) {
      std::vector<double> w;
      for (int p = 0; p < kNumPartners; ++p) {
        const double v = joint[(p * kNumChannels + ch) * kNumQueues + q];
        w.push_back(v);
        channel_total[ch] += v;
        queue_total[q] += v;
      }
      route_partner_[ch * kNumQueues + q] = Discrete(w);
    }
  }
  any_channel_ = FromSpan(channel_total);
  any_queue_ = FromSpan(queue_total);

  // About 25 contacts per agent and day, at least 12 agents per site.
  const double per_day = static_cast<double>(contacts) / std::max(1, timeline.num_days());
  for (int p = 0; p < kNumPartners; ++p) {
    std::vector<double> w;
    for (int s = 0; s < partners[p].num_sites; ++s) {
      w.push_back(partners[p].sites[s].weight);
      agents_[p][s] = static_cast<int>(
          std::clamp(std::ceil(per_day * partners[p].share * partners[p].sites[s].weight / 25.0),
                     12.0, 9999.0));
    }
    sites_[p] = Discrete(w);
  }
  const auto reasons = Reasons();
  for (int q = 0; q < kNumQueues; ++q) {
    std::vector<double> w;
    for (int r = 0; r < static_cast<int>(reasons.size()); ++r) {
      if (reasons[r].queue != q) continue;
      queue_reasons_[q].push_back(r);
      w.push_back(reasons[r].weight);
    }
    reasons_by_queue_[q] = Discrete(w);
  }
  for (int kind = 0; kind < 3; ++kind) {
    const auto live = LiveHourShape(kind);
    live_hours_[kind] = FromSpan(live);
    email_hours_[kind] = FromSpan(EmailHourShape(kind));
    double busy = 0;
    for (int h = 8; h <= 20; ++h) busy += LiveHourShape(0)[h];
    busy /= 13.0;
    for (int h = 0; h < 24; ++h) hour_load_[kind][h] = live[h] / busy;
  }
  // Staffing luck per partner and day: mostly near 1, sometimes a bad day.
  Rng days(seed, 2);
  day_factor_.resize(static_cast<size_t>(kNumPartners) * timeline.num_days());
  for (float& f : day_factor_) {
    double v = days.LogNormal(1.0, 0.2);
    if (days.Bernoulli(0.03)) v *= 1.8;
    f = static_cast<float>(std::clamp(v, 0.6, 2.5));
  }
}

Micros IssueModel::SampleTimeOnDay(int day, bool email_shape, Rng& rng) const {
  const int kind = timeline_.ShapeKind(day);
  int hour = (email_shape ? email_hours_ : live_hours_)[kind].Sample(rng);
  // An hour skipped by a spring-forward change has no instants: use the next one.
  while (hour < 23 && timeline_.HourStart(day, hour + 1) == timeline_.HourStart(day, hour)) ++hour;
  const Micros start = timeline_.HourStart(day, hour);
  const Micros width = timeline_.HourStart(day, hour + 1) - start;
  return start + static_cast<Micros>(rng.Uniform() * static_cast<double>(width));
}

double IssueModel::DayFactor(int partner, int day) const {
  day = std::clamp(day, 0, timeline_.num_days() - 1);
  return day_factor_[static_cast<size_t>(partner) * timeline_.num_days() + day];
}

double IssueModel::Load(int partner, Micros t) const {
  int day, hour;
  timeline_.LocalDayHour(t, &day, &hour);
  return hour_load_[timeline_.ShapeKind(day)][hour] * DayFactor(partner, day);
}

int IssueModel::NextPartner(int partner, Channel channel, int queue, double sticky) {
  const PartnerProfile& p = Partners()[partner];
  const int ch = static_cast<int>(channel);
  if (rng_.Bernoulli(sticky) && p.channel_mix[ch] > 0 && p.queue_mix[queue] > 0) return partner;
  return route_partner_[ch * kNumQueues + queue].Sample(rng_);
}

void IssueModel::BuildIssue(int day, std::vector<Contact>* chain) {
  chain->clear();
  const uint32_t customer = static_cast<uint32_t>(rng_.Below(num_customers_));
  const int route = routes_.Sample(rng_);
  int partner = route / (kNumChannels * kNumQueues);
  Channel channel = static_cast<Channel>(route / kNumQueues % kNumChannels);
  int queue = route % kNumQueues;
  int reason = queue_reasons_[queue][reasons_by_queue_[queue].Sample(rng_)];
  const uint32_t order = rng_.Bernoulli(OrderShare(queue))
                             ? 10'000'000 + static_cast<uint32_t>(rng_.Below(90'000'000))
                             : 0;
  Micros t = SampleTimeOnDay(day, channel == Channel::kEmail, rng_);
  const Micros range_end = timeline_.RangeEnd();

  for (int k = 0; k < kMaxChain; ++k) {
    chain->push_back(MakeContact(partner, channel, queue, reason, customer, order, t));
    const Contact& c = chain->back();
    const PartnerProfile& p = Partners()[partner];
    double p_next, sticky;
    Micros base, gap;
    if (c.abandoned) {
      const bool short_abandon = IsShortAbandon(c);
      p_next = short_abandon ? 0.3 : 0.65;
      base = c.ended;
      gap = Seconds(rng_.LogNormal(short_abandon ? 120 : 600, 1.0));
      sticky = 0.8;
    } else if (c.answered == kNoTime) {
      p_next = 0.7;
      base = c.arrived;
      gap = Seconds(rng_.LogNormal(36 * 3600.0, 0.5));
      sticky = 0.62;
    } else {
      p_next = Reasons()[reason].unresolved * p.unresolved_factor *
               p.sites[c.site].unresolved_factor * (c.transferred ? 1.35 : 1.0) *
               (k > 0 ? 0.9 : 1.0);
      p_next = std::min(p_next, 0.85);
      base = c.ended != kNoTime ? c.ended : c.answered;
      gap = Seconds(rng_.LogNormal(26 * 3600.0, 1.1));
      sticky = 0.62;
    }
    if (!rng_.Bernoulli(p_next)) break;
    // Next channel, queue, reason and partner.
    if (!rng_.Bernoulli(c.abandoned ? 0.85 : 0.6)) {
      channel = static_cast<Channel>(any_channel_.Sample(rng_));
    }
    if (!rng_.Bernoulli(0.92)) {
      queue = any_queue_.Sample(rng_);
      reason = queue_reasons_[queue][reasons_by_queue_[queue].Sample(rng_)];
    } else if (!rng_.Bernoulli(0.88)) {
      reason = queue_reasons_[queue][reasons_by_queue_[queue].Sample(rng_)];
    }
    partner = NextPartner(partner, channel, queue, sticky);
    Micros next = base + std::max<Micros>(gap, 30 * kSecond);
    if (gap > 12 * kMicrosPerHour) {  // A later day: the customer comes back in usual hours.
      const int next_day = timeline_.DayOf(next);
      if (next_day >= timeline_.num_days()) break;
      const Micros at = SampleTimeOnDay(next_day, channel == Channel::kEmail, rng_);
      if (at > base + kMicrosPerHour) next = at;
    }
    if (next >= range_end) break;
    t = next;
  }
  MarkRepeats(*chain);
}

void IssueModel::MarkRepeats(std::span<Contact> chain) {
  for (size_t i = 0; i < chain.size(); ++i) {
    chain[i].repeated = false;
    for (size_t j = i + 1; j < chain.size(); ++j) {
      if (chain[j].arrived > chain[i].arrived + kRepeatWindow) break;
      if (chain[j].arrived > chain[i].arrived && !IsShortAbandon(chain[j])) {
        chain[i].repeated = true;
        break;
      }
    }
  }
}

Contact IssueModel::MakeContact(int partner, Channel channel, int queue, int reason,
                                uint32_t customer, uint32_t order, Micros arrived) {
  const PartnerProfile& p = Partners()[partner];
  Contact c;
  c.seq = next_seq_++;
  c.partner = static_cast<uint8_t>(partner);
  c.channel = channel;
  c.queue = static_cast<uint8_t>(queue);
  c.reason = static_cast<uint8_t>(reason);
  c.reason_missing = rng_.Bernoulli(0.015);
  c.order = order;
  c.arrived = arrived;
  c.customer = rng_.Bernoulli(p.missing_customer) ? kNoCustomer : customer;
  c.site = static_cast<uint8_t>(sites_[partner].Sample(rng_));
  const double load = Load(partner, arrived);
  if (IsLive(channel)) {
    AnswerLive(p, load, &c);
  } else {
    AnswerAsync(p, load, &c);
  }
  if (c.answered != kNoTime) {
    c.agent = static_cast<uint16_t>(1 + rng_.Below(agents_[partner][c.site]));
    if (p.collects_demographics) {
      if (rng_.Bernoulli(0.7)) c.demographics = rng_.Bernoulli(0.55);
      if (rng_.Bernoulli(0.75)) c.consent = rng_.Bernoulli(0.7);
    }
  }
  // Times at the resolution the partner writes, so the files say exactly what we measured.
  const Micros res = p.time_style == TimeStyle::kLocalMillis ? 1000 : kSecond;
  for (Micros* m : {&c.arrived, &c.sent, &c.answered, &c.ended}) {
    if (*m != kNoTime) *m -= ((*m % res) + res) % res;
  }
  if (c.handle_tenths >= 0 && p.handle_decimals == 0) {
    c.handle_tenths = (c.handle_tenths + 5) / 10 * 10;
  }
  return c;
}

void IssueModel::AnswerLive(const PartnerProfile& p, double load, Contact* c) {
  const bool voice = c->channel == Channel::kVoice;
  const double fast = std::clamp(p.fast_answer - 0.25 * (load - 1.0), 0.15, 0.985);
  const double wait = rng_.Bernoulli(fast) ? rng_.LogNormal(voice ? 4.5 : 7.0, 0.6)
                                           : 20.0 + rng_.LogNormal(p.slow_wait_median * load, 1.0);
  const double patience = rng_.Bernoulli(voice ? 0.025 : 0.012)
                              ? rng_.Uniform(0.3, 6.0)
                              : 5.0 + rng_.LogNormal(voice ? 150 : 240, 0.9);
  if (patience < wait) {
    c->abandoned = true;
    c->ended = c->arrived + Seconds(patience);
    return;
  }
  c->answered = c->arrived + Seconds(wait);
  const double hf = Reasons()[c->reason].handle_factor * p.aht_factor;
  double talk = rng_.LogNormal(voice ? 280 : 480, 0.55) * hf;
  c->transferred = rng_.Bernoulli(p.transfer_rate);
  if (c->transferred) talk += rng_.LogNormal(150, 0.6);
  const double acw = rng_.LogNormal(voice ? 35 : 20, 0.5);
  const double handle = (voice ? talk : 0.6 * talk) + acw;  // chats run concurrently
  c->ended = c->answered + Seconds(talk);
  c->handle_tenths = static_cast<int32_t>(handle * 10);
  c->acw_tenths = static_cast<int32_t>(acw * 10);
}

Micros IssueModel::ToWorkingHours(Micros t) {
  const int hour = timeline_.LocalHour(t);
  if (hour >= 8 && hour < 20) return t;
  const int day = timeline_.DayOf(t) + (hour >= 20 ? 1 : 0);
  return timeline_.HourStart(day, 8) + Seconds(rng_.Uniform(0, 2.5 * 3600));
}

void IssueModel::AnswerAsync(const PartnerProfile& p, double load, Contact* c) {
  const bool email = c->channel == Channel::kEmail;
  c->sent = c->arrived - (email ? Seconds(rng_.LogNormal(60, 1.6)) : Seconds(rng_.Uniform(1, 25)));
  if (rng_.Bernoulli(email ? 0.012 : 0.02)) return;  // never answered
  const double hf = Reasons()[c->reason].handle_factor * p.aht_factor;
  if (email) {
    const double backlog = std::max(DayFactor(c->partner, timeline_.DayOf(c->arrived)), 1.0);
    const double delay = rng_.LogNormal(p.email_median_hours * 3600.0 * backlog, 0.9);
    c->answered = std::max(ToWorkingHours(c->arrived + Seconds(delay)), c->arrived + 60 * kSecond);
    c->transferred = rng_.Bernoulli(p.transfer_rate * 0.5);
    const double handle = rng_.LogNormal(260, 0.6) * hf;
    c->handle_tenths = static_cast<int32_t>(handle * 10);
    if (rng_.Bernoulli(0.85)) c->ended = c->answered + Seconds(rng_.LogNormal(20 * 3600.0, 1.0));
  } else {
    c->answered = c->arrived + Seconds(rng_.LogNormal(150 * std::max(load, 0.3), 1.3));
    const double handle = rng_.LogNormal(380, 0.6) * hf;
    c->handle_tenths = static_cast<int32_t>(handle * 10);
    c->ended = c->answered + Seconds(handle + rng_.LogNormal(2400, 1.0));
  }
}

}  // namespace cx::gen
