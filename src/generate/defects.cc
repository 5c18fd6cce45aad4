#include "generate/defects.h"

#include <algorithm>
#include <string_view>

#include "generate/profiles.h"

namespace cx::gen {

namespace {

template <size_t N>
std::string_view Pick(Rng& rng, const std::string_view (&items)[N]) {
  return items[rng.Below(N)];
}

constexpr std::string_view kBadChannels[] = {"phone", "fax", "sms", "Voice call", "webchat"};
constexpr std::string_view kBadBooleans[] = {"maybe", "2", "N/A", "t", "nope"};
constexpr std::string_view kBadNumbers[] = {"12 s", "-5", "1e3", "n/a", "~300"};

}  // namespace

Defects::Defects(const RowFormatter& rows, uint64_t seed) : rows_(rows), rng_(seed, 5) {}

Defects::Action Defects::NextContactAction() {
  const double u = rng_.Uniform();
  if (u < 0.010) return Action::kDuplicate;
  if (u < 0.015) return Action::kCorrection;
  if (u < 0.0174) return Action::kBadOnly;
  if (u < 0.0180) return Action::kBadLater;
  if (u < 0.0200) return Action::kOddTimestamp;
  return Action::kNone;
}

Contact Defects::Preliminary(const Contact& c) {
  Contact p = c;
  switch (rng_.Below(4)) {
    case 0:  // the customer lookup completed later
      if (p.customer != kNoCustomer) {
        p.customer = kNoCustomer;
        break;
      }
      [[fallthrough]];
    case 1:  // wrap-up not yet coded
      if (!p.reason_missing) {
        p.reason_missing = true;
        break;
      }
      [[fallthrough]];
    case 2:  // handle time before after-contact work was booked
      if (p.handle_tenths > 0) {
        p.handle_tenths = std::max<int32_t>(10, p.handle_tenths - p.acw_tenths);
        if (Partners()[p.partner].handle_decimals == 0) p.handle_tenths = p.handle_tenths / 10 * 10;
        if (p.handle_tenths != c.handle_tenths) break;
      }
      [[fallthrough]];
    default:
      p.transferred = !p.transferred;
  }
  return p;
}

void Defects::AppendBadContact(const Contact& c, std::string* out) {
  ContactOverrides ov;
  scratch_.clear();
  Contact bad = c;
  switch (rng_.Below(6)) {
    case 0: {  // bad timestamp
      AppendTimestamp(c.arrived, rows_.FormOf(c.partner, c.arrived), rows_.timeline(), &scratch_);
      switch (rng_.Below(4)) {
        case 0:
          scratch_[10] = ' ';
          break;  // space separator
        case 1:
          scratch_.resize(19);
          break;  // no offset
        case 2:
          scratch_.replace(11, 2, "24");
          break;  // hour 24
        default:
          scratch_.replace(5, 5, "02-30");
          break;  // no such day
      }
      ov.arrived_at = scratch_;
      break;
    }
    case 1:
      ov.channel = Pick(rng_, kBadChannels);
      break;
    case 2:  // answered before arrived
      bad.answered = c.arrived - static_cast<Micros>(rng_.Uniform(1, 600)) * kMicrosPerSecond;
      bad.abandoned = false;
      break;
    case 3:  // missing required field
      switch (rng_.Below(4)) {
        case 0:
          ov.contact_id = "";
          break;
        case 1:
          ov.partner = "";
          break;
        case 2:
          ov.channel = "";
          break;
        default:
          ov.arrived_at = "";
          break;
      }
      break;
    case 4:
      ov.abandoned = Pick(rng_, kBadBooleans);
      break;
    default:
      ov.handle_seconds = Pick(rng_, kBadNumbers);
      break;
  }
  rows_.AppendContact(bad, out, &ov);
}

void Defects::AppendOddTimestampContact(const Contact& c, std::string* out) {
  scratch_.clear();
  AppendTimestamp(c.arrived, rows_.FormOf(c.partner, c.arrived), rows_.timeline(), &scratch_);
  if (scratch_.back() == 'Z') {
    if (rng_.Bernoulli(0.5) || scratch_.size() > 20) {
      scratch_.replace(scratch_.size() - 1, 1, "+00:00");
    } else {
      scratch_.insert(19, ".000000");
    }
  } else if (scratch_[19] == '.') {
    scratch_.insert(23, "000000");  // nine fraction digits, truncated to µs when read
  } else {
    scratch_.insert(19, ".000000");
  }
  ContactOverrides ov;
  ov.arrived_at = scratch_;
  rows_.AppendContact(c, out, &ov);
}

Defects::SurveyAction Defects::NextSurveyAction() {
  const double u = rng_.Uniform();
  if (u < 0.010) return SurveyAction::kDuplicate;
  if (u < 0.013) return SurveyAction::kBad;
  return SurveyAction::kNone;
}

void Defects::AppendBadSurvey(const SurveyEvent& e, std::string* out) {
  SurveyOverrides ov;
  scratch_.clear();
  switch (rng_.Below(5)) {
    case 0:
      ov.nps = "11";
      break;
    case 1:
      ov.csat = "6";
      break;
    case 2:
      ov.ces = "8";
      break;
    case 3:
      ov.csat = "7.5";
      break;
    default:
      AppendTimestamp(e.at, {}, rows_.timeline(), &scratch_);
      scratch_[10] = ' ';
      ov.responded_at = scratch_;
  }
  rows_.AppendSurvey(e, out, &ov);
}

}  // namespace cx::gen
