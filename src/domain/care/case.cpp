#include "domain/care/case.hpp"

#include "domain/text_fields.hpp"

namespace rapport::domain {
namespace {

constexpr std::int64_t kMsPerMinute = 60'000;

constexpr std::array<std::pair<CaseSeverity, std::string_view>, 4> kSeverityNames{{
    {CaseSeverity::kLow, "low"},
    {CaseSeverity::kNormal, "normal"},
    {CaseSeverity::kHigh, "high"},
    {CaseSeverity::kUrgent, "urgent"},
}};

constexpr std::array<std::pair<CaseStatus, std::string_view>, 4> kStatusNames{{
    {CaseStatus::kOpen, "open"},
    {CaseStatus::kInProgress, "in_progress"},
    {CaseStatus::kResolved, "resolved"},
    {CaseStatus::kClosed, "closed"},
}};

Timestamp Plus(Timestamp t, std::int64_t minutes) { return Timestamp{t.ms + minutes * kMsPerMinute}; }

}  // namespace

std::string_view CaseSeverityName(CaseSeverity s) {
  for (const auto& [v, name] : kSeverityNames)
    if (v == s) return name;
  return "normal";
}

std::optional<CaseSeverity> ParseCaseSeverity(std::string_view name) {
  for (const auto& [v, n] : kSeverityNames)
    if (n == name) return v;
  return std::nullopt;
}

std::string_view CaseStatusName(CaseStatus s) {
  for (const auto& [v, name] : kStatusNames)
    if (v == s) return name;
  return "open";
}

std::optional<CaseStatus> ParseCaseStatus(std::string_view name) {
  for (const auto& [v, n] : kStatusNames)
    if (n == name) return v;
  return std::nullopt;
}

bool IsCaseChannel(std::string_view name) {
  for (auto c : kCaseChannels)
    if (c == name) return true;
  return false;
}

std::string CaseChannelList() {
  std::string out;
  for (auto c : kCaseChannels) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

CasePolicy DefaultCasePolicy() {
  return {{CaseSeverity::kLow, 3 * 24 * 60, 14 * 24 * 60},
          {CaseSeverity::kNormal, 24 * 60, 7 * 24 * 60},
          {CaseSeverity::kHigh, 4 * 60, 3 * 24 * 60},
          {CaseSeverity::kUrgent, 60, 24 * 60}};
}

CaseDeadlines DeadlinesFor(const CasePolicy& policy, CaseSeverity severity) {
  for (const auto& d : policy)
    if (d.severity == severity) return d;
  for (const auto& d : DefaultCasePolicy())
    if (d.severity == severity) return d;
  return {};
}

bool Case::ResponseBreached(Timestamp now) const {
  const Timestamp answered = first_response_at.value_or(now);
  return answered.ms > respond_by.ms;
}

bool Case::ResolutionBreached(Timestamp now) const {
  const Timestamp done = (status == CaseStatus::kResolved || status == CaseStatus::kClosed) && resolved_at
                             ? *resolved_at
                             : now;
  return done.ms > resolve_by.ms;
}

std::string_view CaseEventKindName(CaseEventKind k) {
  switch (k) {
    case CaseEventKind::kOpened: return "opened";
    case CaseEventKind::kStatus: return "status";
    case CaseEventKind::kAssigned: return "assigned";
    case CaseEventKind::kReopened: return "reopened";
    case CaseEventKind::kResponded: return "responded";
  }
  return "status";
}

std::vector<CaseStatus> AllowedMoves(CaseStatus from) {
  switch (from) {
    case CaseStatus::kOpen: return {CaseStatus::kInProgress, CaseStatus::kResolved};
    case CaseStatus::kInProgress: return {CaseStatus::kResolved};
    case CaseStatus::kResolved: return {CaseStatus::kClosed, CaseStatus::kOpen};
    case CaseStatus::kClosed: return {CaseStatus::kOpen};
  }
  return {};
}

core::Status CheckMove(Id case_id, CaseStatus from, CaseStatus to) {
  for (auto s : AllowedMoves(from))
    if (s == to) return {};
  std::string allowed;
  for (auto s : AllowedMoves(from)) allowed += (allowed.empty() ? "" : " or ") + std::string(CaseStatusName(s));
  return core::Fail(core::Error::Conflict("case " + core::FormatId(case_id) + " is " + std::string(CaseStatusName(from)) +
                                          ": it cannot move to " + std::string(CaseStatusName(to)) + " (it can move to " +
                                          allowed + ")"));
}

void ApplyMove(Case& c, CaseStatus to, Timestamp now) {
  switch (to) {
    case CaseStatus::kInProgress:
      if (!c.in_progress_at) c.in_progress_at = now;
      break;
    case CaseStatus::kResolved:
      c.resolved_at = now;
      if (!c.first_response_at) c.first_response_at = now;
      break;
    case CaseStatus::kClosed: c.closed_at = now; break;
    case CaseStatus::kOpen:  // a reopening: the case is live again, its deadlines unchanged
      ++c.reopen_count;
      c.resolved_at.reset();
      c.closed_at.reset();
      break;
  }
  c.status = to;
}

void ApplyCaseFields(Case& c, const CaseInput& in, const CasePolicy& policy, std::map<std::string, std::string>& errors) {
  if (in.title) {
    auto title = *in.title ? CleanOptionalText(**in.title, "title", kMaxCaseTitle, errors) : std::nullopt;
    if (title) c.title = *title;
    else if (!errors.contains("title")) errors.emplace("title", "must not be empty");
  }
  if (in.description) c.description = *in.description ? CleanOptionalText(**in.description, "description", kMaxCaseText, errors) : std::nullopt;
  if (in.severity) {
    auto s = *in.severity ? ParseCaseSeverity(**in.severity) : std::nullopt;
    if (!s) {
      errors.emplace("severity", "must be one of low, normal, high, urgent");
    } else if (*s != c.severity || c.respond_by.ms == 0) {
      c.severity = *s;
      const auto d = DeadlinesFor(policy, *s);
      c.respond_by = Plus(c.opened_at, d.respond_minutes);
      c.resolve_by = Plus(c.opened_at, d.resolve_minutes);
    }
  }
  if (in.channel) {
    if (*in.channel && IsCaseChannel(**in.channel)) c.channel = **in.channel;
    else errors.emplace("channel", "must be one of " + CaseChannelList());
  }
  if (in.remedy_promised)
    c.remedy_promised = *in.remedy_promised ? CleanOptionalText(**in.remedy_promised, "remedy_promised", kMaxCaseText, errors) : std::nullopt;
  if (in.resolution) c.resolution = *in.resolution ? CleanOptionalText(**in.resolution, "resolution", kMaxCaseText, errors) : std::nullopt;
}

}  // namespace rapport::domain
