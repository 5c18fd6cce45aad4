#include "generate/generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <system_error>
#include <vector>

#include "generate/activity.h"
#include "generate/client_files.h"
#include "generate/csv_out.h"
#include "generate/defects.h"
#include "generate/events.h"
#include "generate/issue_model.h"
#include "generate/partner_reports.h"
#include "generate/rows.h"
#include "generate/timeline.h"

namespace cx {

namespace {

using gen::Contact;

enum FileIndex { kContacts, kSurveys, kSelfService, kKbEvents, kOutages, kVolumes, kReports };
constexpr int kNumFiles = 7;
constexpr std::string_view kFileNames[kNumFiles] = {
    "contacts", "surveys", "self_service", "kb_events", "outages", "volumes", "partner_reports"};
constexpr std::string_view kHeaders[kNumFiles] = {
    gen::kContactsHeader, gen::kSurveysHeader, gen::kSelfServiceHeader,   gen::kKbEventsHeader,
    gen::kOutagesHeader,  gen::kVolumesHeader, gen::kPartnerReportsHeader};

// One generation: the models, the open files and the day loop. Not thread-safe.
class Run {
 public:
  Run(const GenerateOptions& options, const gen::Timeline& timeline)
      : options_(options),
        timeline_(timeline),
        issues_(timeline, options.contacts, options.seed),
        activity_(timeline, &issues_, options.seed),
        rows_(timeline, options.seed),
        defects_(rows_, options.seed),
        reports_(timeline, options.seed),
        future_(timeline) {}

  Status Open(const std::filesystem::path& dir) {
    for (int i = 0; i < kNumFiles; ++i) {
      std::string name = std::string(kFileNames[i]) + (options_.gzip ? ".csv.gz" : ".csv");
      ASSIGN_OR_RETURN(files_[i], gen::OutputFile::Open(dir / name, options_.gzip));
      files_[i]->buffer().append(kHeaders[i]);
    }
    return Status::Ok();
  }

  Result<GenerateStats> Execute(const std::function<void(double)>& progress);

 private:
  std::vector<int64_t> DailyTargets();
  void GenerateDay(int day, int64_t target);
  void WriteContact(Contact& c);
  // Writes the surveys, sessions and KB events of local days up to `day`.
  void Drain(int day);
  Status FilesStatus() const {
    for (const auto& f : files_) RETURN_IF_ERROR(f->status());
    return Status::Ok();
  }

  const GenerateOptions& options_;
  const gen::Timeline& timeline_;
  gen::IssueModel issues_;
  gen::ActivityModel activity_;
  gen::RowFormatter rows_;
  gen::Defects defects_;
  gen::PartnerReports reports_;
  std::array<std::unique_ptr<gen::OutputFile>, kNumFiles> files_;
  GenerateStats stats_;
  gen::DayBuckets<Contact> future_;  // contacts of issues begun earlier, not yet arrived
  std::vector<Contact> today_, chain_;
  std::vector<uint64_t> keys_;
  std::array<uint32_t, gen::kNumPartners> next_number_{};
  std::string deferred_;  // dirty rows that must come later in their file
  uint64_t session_no_ = 0, event_no_ = 0;
};

// Contacts per day: weekday shape, fewer on holidays, a slight upward trend and day-to-day
// noise; cumulative rounding so that the targets add up to options.contacts exactly.
std::vector<int64_t> Run::DailyTargets() {
  gen::Rng rng(options_.seed, 4);
  const int days = timeline_.num_days();
  std::vector<double> cumulative(days + 1, 0.0);
  for (int d = 0; d < days; ++d) {
    const double w = gen::WeekdayVolume(timeline_.Weekday(d)) *
                     (timeline_.IsHoliday(d) ? 0.55 : 1.0) * (1.0 + 0.1 * d / days) *
                     rng.LogNormal(1.0, 0.06);
    cumulative[d + 1] = cumulative[d] + w;
  }
  std::vector<int64_t> targets(days);
  int64_t previous = 0;
  for (int d = 0; d < days; ++d) {
    const auto upto = static_cast<int64_t>(std::llround(static_cast<double>(options_.contacts) *
                                                        cumulative[d + 1] / cumulative[days]));
    targets[d] = upto - previous;
    previous = upto;
  }
  return targets;
}

Result<GenerateStats> Run::Execute(const std::function<void(double)>& progress) {
  stats_.outages = gen::AppendOutages(timeline_, options_.seed, &files_[kOutages]->buffer());
  const std::vector<int64_t> targets = DailyTargets();
  const int days = timeline_.num_days();
  int64_t produced = 0, target_so_far = 0;
  int reported = -1;
  for (int day = 0; day < days; ++day) {
    target_so_far += targets[day];
    GenerateDay(day, target_so_far - produced);
    produced += static_cast<int64_t>(today_.size());
    // Records made from now on start at most 20 h before the next day (self-service before a
    // contact), so none falls before this day: the days before it are complete.
    Drain(day - 1);
    RETURN_IF_ERROR(FilesStatus());
    const int percent = static_cast<int>(100.0 * (day + 1) / days);
    if (progress && percent > reported && percent < 100) {
      reported = percent;
      progress(percent / 100.0);
    }
  }
  Drain(INT32_MAX);
  stats_.volumes =
      gen::AppendVolumes(timeline_, options_.contacts, options_.seed, &files_[kVolumes]->buffer());
  stats_.partner_reports = reports_.Append(&files_[kReports]->buffer());
  for (auto& f : files_) RETURN_IF_ERROR(f->Close());
  if (progress) progress(1.0);
  return stats_;
}

void Run::GenerateDay(int day, int64_t target) {
  today_.clear();
  const Micros day_start = timeline_.DayStart(day);
  const Micros day_end = timeline_.DayStart(day + 1);
  future_.Take(day, &today_);
  today_.reserve(static_cast<size_t>(std::max<int64_t>(target, 0)) + 256);
  int64_t need = target - static_cast<int64_t>(today_.size());
  while (need > 0) {
    issues_.BuildIssue(day, &chain_);
    // Same-day follow-ups (retries after an abandon) count against today's target; an issue
    // that would pass it is cut there.
    int64_t admitted = 0;
    size_t keep = chain_.size();
    for (size_t i = 0; i < chain_.size(); ++i) {
      if (chain_[i].arrived >= day_end) continue;
      if (admitted == need) {
        keep = i;
        break;
      }
      ++admitted;
    }
    if (keep < chain_.size()) {
      chain_.resize(keep);
      gen::IssueModel::MarkRepeats(chain_);
    }
    activity_.BeforeIssue(chain_.front());
    for (const Contact& c : chain_) {
      if (c.arrived < day_end) {
        today_.push_back(c);
      } else {
        future_.Push(c);
      }
    }
    need -= admitted;
  }
  // Each day's extract lists every partner's contacts in arrival order, partner by partner.
  // One 64-bit key: partner (3 bits), milliseconds since the day's start (27 bits; arrivals are
  // whole milliseconds), position (34 bits).
  keys_.resize(today_.size());
  for (size_t i = 0; i < today_.size(); ++i) {
    const auto since_ms = static_cast<uint64_t>((today_[i].arrived - day_start) / 1000);
    keys_[i] = uint64_t{today_[i].partner} << 61 | since_ms << 34 | i;
  }
  std::sort(keys_.begin(), keys_.end());
  for (const uint64_t key : keys_) WriteContact(today_[key & ((uint64_t{1} << 34) - 1)]);
  files_[kContacts]->buffer().append(deferred_);
  deferred_.clear();
  files_[kContacts]->MaybeFlush();
  activity_.Daily(day, static_cast<int64_t>(today_.size()));
}

void Run::WriteContact(Contact& c) {
  using Action = gen::Defects::Action;
  c.number = next_number_[c.partner]++;
  std::string& out = files_[kContacts]->buffer();
  const Action action = options_.dirty ? defects_.NextContactAction() : Action::kNone;
  int64_t rows = 1;
  switch (action) {
    case Action::kNone:
      rows_.AppendContact(c, &out);
      break;
    case Action::kDuplicate: {
      const size_t start = out.size();
      rows_.AppendContact(c, &out);
      deferred_.append(out, start);
      rows = 2;
      break;
    }
    case Action::kCorrection:
      rows_.AppendContact(defects_.Preliminary(c), &out);
      rows_.AppendContact(c, &deferred_);
      rows = 2;
      break;
    case Action::kBadOnly:  // The contact is lost: no survey, not in the partner's figures.
      defects_.AppendBadContact(c, &out);
      ++stats_.contacts;
      files_[kContacts]->MaybeFlush();
      return;
    case Action::kBadLater:
      rows_.AppendContact(c, &out);
      defects_.AppendBadContact(c, &deferred_);
      rows = 2;
      break;
    case Action::kOddTimestamp:
      defects_.AppendOddTimestampContact(c, &out);
      break;
  }
  stats_.contacts += rows;
  files_[kContacts]->MaybeFlush();
  reports_.AddContact(c);
  if (const gen::SurveyEvent* survey = activity_.AfterContact(c)) reports_.AddSurvey(c, *survey);
}

void Run::Drain(int day) {
  using SurveyAction = gen::Defects::SurveyAction;
  gen::OutputFile& surveys = *files_[kSurveys];
  activity_.surveys().DrainThrough(day, [&](const gen::SurveyEvent& e) {
    const SurveyAction action = options_.dirty ? defects_.NextSurveyAction() : SurveyAction::kNone;
    if (action == SurveyAction::kBad) {
      defects_.AppendBadSurvey(e, &surveys.buffer());
    } else {
      rows_.AppendSurvey(e, &surveys.buffer());
      if (action == SurveyAction::kDuplicate) {
        rows_.AppendSurvey(e, &deferred_);
        ++stats_.surveys;
      }
    }
    ++stats_.surveys;
    surveys.MaybeFlush();
  });
  surveys.buffer().append(deferred_);
  deferred_.clear();
  gen::OutputFile& sessions = *files_[kSelfService];
  activity_.sessions().DrainThrough(day, [&](const gen::SessionEvent& e) {
    rows_.AppendSession(e, session_no_++, &sessions.buffer());
    sessions.MaybeFlush();
  });
  gen::OutputFile& kb = *files_[kKbEvents];
  activity_.kb_events().DrainThrough(day, [&](const gen::KbEvent& e) {
    rows_.AppendKbEvent(e, event_no_++, &kb.buffer());
    kb.MaybeFlush();
  });
  stats_.self_service = static_cast<int64_t>(session_no_);
  stats_.kb_events = static_cast<int64_t>(event_no_);
}

}  // namespace

Result<GenerateStats> Generate(const GenerateOptions& options, const std::filesystem::path& out_dir,
                               const std::function<void(double)>& progress) {
  if (options.contacts < 0 || options.contacts > 2'000'000'000) {
    return InvalidArgument("contacts {} is not in 0..2000000000", options.contacts);
  }
  ASSIGN_OR_RETURN(gen::Timeline timeline,
                   gen::Timeline::Create(options.time_zone, options.start_month, options.months));
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return IoError("{}: cannot create directory: {}", out_dir.string(), ec.message());
  Run run(options, timeline);
  RETURN_IF_ERROR(run.Open(out_dir));
  return run.Execute(progress);
}

}  // namespace cx
