#include "domain/care/care_figures.hpp"

#include <algorithm>
#include <cmath>

namespace rapport::domain {
namespace {

constexpr double kMsPerMinute = 60'000.0;

struct GroupAccumulator {
  CaseGroupFigures figures;
  std::vector<std::int64_t> response_ms, resolution_ms;

  void Add(const CaseFigureRow& r, Timestamp now, bool in_period) {
    if (r.status == CaseStatus::kOpen || r.status == CaseStatus::kInProgress) ++figures.open;
    if (!in_period) return;
    ++figures.cases;
    if (r.resolved_at) {
      ++figures.resolved;
      resolution_ms.push_back(r.resolved_at->ms - r.opened_at.ms);
    }
    if (r.first_response_at) response_ms.push_back(r.first_response_at->ms - r.opened_at.ms);
    if (r.first_response_at.value_or(now).ms > r.respond_by.ms) ++figures.response_breaches;
    if (r.resolved_at.value_or(now).ms > r.resolve_by.ms) ++figures.resolution_breaches;
    figures.transfers += r.transfer_count;
    if (r.transfer_count > 0) ++figures.transferred_cases;
    figures.max_transfers = std::max(figures.max_transfers, r.transfer_count);
  }

  CaseGroupFigures Finish() {
    figures.first_response = StatsOf(std::move(response_ms));
    figures.resolution = StatsOf(std::move(resolution_ms));
    return figures;
  }
};

}  // namespace

namespace {

// The p-th percentile of values[first, end) where every element before `first` is no larger than
// those after it (so ranks below `first` are already in place).
double PercentileFrom(std::vector<std::int64_t>& values, std::size_t first, double p) {
  const double rank = p * static_cast<double>(values.size() - 1);
  const auto lo = std::max(first, static_cast<std::size_t>(std::floor(rank)));
  const double frac = rank - static_cast<double>(lo);
  // Two order statistics in linear time (a full sort of 100k durations per group cost more).
  const auto nth = values.begin() + static_cast<std::ptrdiff_t>(lo);
  std::nth_element(values.begin() + static_cast<std::ptrdiff_t>(first), nth, values.end());
  const std::int64_t low = *nth;
  const std::int64_t high = lo + 1 < values.size() ? *std::min_element(nth + 1, values.end()) : low;
  return static_cast<double>(low) + frac * static_cast<double>(high - low);
}

}  // namespace

std::optional<double> Percentile(std::vector<std::int64_t>& values, double p) {
  if (values.empty()) return std::nullopt;
  return PercentileFrom(values, 0, p);
}

DurationStats StatsOf(std::vector<std::int64_t> durations_ms) {
  DurationStats s;
  s.count = static_cast<int>(durations_ms.size());
  if (durations_ms.empty()) return s;
  // The median's partition leaves the upper half to search for the 90th percentile.
  const double median = PercentileFrom(durations_ms, 0, 0.5);
  const auto above = static_cast<std::size_t>(std::floor(0.5 * static_cast<double>(durations_ms.size() - 1)));
  s.median_minutes = median / kMsPerMinute;
  s.p90_minutes = PercentileFrom(durations_ms, above, 0.9) / kMsPerMinute;
  return s;
}

std::string_view AgeBucket(std::int64_t age_ms) {
  const std::int64_t day = core::kMsPerDay;
  if (age_ms < day) return kAgeBuckets[0];
  if (age_ms < 3 * day) return kAgeBuckets[1];
  if (age_ms < 7 * day) return kAgeBuckets[2];
  if (age_ms < 30 * day) return kAgeBuckets[3];
  return kAgeBuckets[4];
}

struct CaseDashboardBuilder::Groups {
  GroupAccumulator overall;
  std::map<Id, GroupAccumulator> owners;
  std::map<std::string, GroupAccumulator, std::less<>> channels;
};

CaseDashboardBuilder::CaseDashboardBuilder(Timestamp from, Timestamp now) : groups_(std::make_unique<Groups>()) {
  d_.now = now;
  d_.from = from;
  for (auto s : kCaseSeverities)
    for (auto b : kAgeBuckets) d_.open_by_severity_age[std::string(CaseSeverityName(s))][std::string(b)] = 0;
}

CaseDashboardBuilder::~CaseDashboardBuilder() = default;

void CaseDashboardBuilder::Add(const CaseFigureRow& r) {
  const bool open = r.status == CaseStatus::kOpen || r.status == CaseStatus::kInProgress;
  const bool in_period = r.opened_at.ms >= d_.from.ms;
  if (open) {
    ++d_.open_total;
    ++d_.open_by_severity_age[std::string(CaseSeverityName(r.severity))][std::string(AgeBucket(d_.now.ms - r.opened_at.ms))];
  }
  if (in_period) ++transfers_[static_cast<std::size_t>(std::clamp(r.transfer_count, 0, 3))];
  groups_->overall.Add(r, d_.now, in_period);
  groups_->owners[r.owner_id].Add(r, d_.now, in_period);
  auto channel = groups_->channels.find(r.channel);
  if (channel == groups_->channels.end()) channel = groups_->channels.try_emplace(r.channel).first;
  channel->second.Add(r, d_.now, in_period);
}

CaseDashboard CaseDashboardBuilder::Finish() {
  const std::array<const char*, 4> names{"0", "1", "2", "3+"};
  for (std::size_t i = 0; i < names.size(); ++i) d_.transfer_distribution[names[i]] = transfers_[i];
  d_.overall = groups_->overall.Finish();
  for (auto& [owner, acc] : groups_->owners) d_.by_owner[owner] = acc.Finish();
  for (auto& [channel, acc] : groups_->channels) d_.by_channel[channel] = acc.Finish();
  return std::move(d_);
}

CaseDashboard BuildCaseDashboard(const std::vector<CaseFigureRow>& rows, Timestamp from, Timestamp now) {
  CaseDashboardBuilder builder(from, now);
  for (const auto& r : rows) builder.Add(r);
  return builder.Finish();
}

}  // namespace rapport::domain
