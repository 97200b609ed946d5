// The care dashboard's arithmetic, pure: percentiles of durations, open cases by age and
// severity, breach and transfer counts per owner and channel. The service reads the rows; this
// file turns them into figures.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/care/case.hpp"

namespace rapport::domain {

// The p-th percentile (0..1) of `values` by linear interpolation between closest ranks (the
// method of numpy's default); none when empty. Reorders `values`.
std::optional<double> Percentile(std::vector<std::int64_t>& values, double p);

struct DurationStats {
  int count = 0;
  std::optional<double> median_minutes, p90_minutes;
};
DurationStats StatsOf(std::vector<std::int64_t> durations_ms);

// What the dashboard needs of one case.
struct CaseFigureRow {
  Id owner_id = 0;
  std::string channel;
  CaseSeverity severity = CaseSeverity::kNormal;
  CaseStatus status = CaseStatus::kOpen;
  Timestamp opened_at, respond_by, resolve_by;
  std::optional<Timestamp> first_response_at, resolved_at;
  int transfer_count = 0;
};

inline constexpr std::array<std::string_view, 5> kAgeBuckets{"under_1d", "1_3d", "3_7d", "7_30d", "over_30d"};
std::string_view AgeBucket(std::int64_t age_ms);

struct CaseGroupFigures {
  int cases = 0, open = 0, resolved = 0;
  DurationStats first_response, resolution;
  int response_breaches = 0, resolution_breaches = 0;
  int transfers = 0, transferred_cases = 0, max_transfers = 0;
};

struct CaseDashboard {
  Timestamp now, from;
  int open_total = 0;
  // severity -> age bucket -> open cases
  std::map<std::string, std::map<std::string, int>> open_by_severity_age;
  CaseGroupFigures overall;
  std::map<Id, CaseGroupFigures> by_owner;
  std::map<std::string, CaseGroupFigures> by_channel;
  std::map<std::string, int> transfer_distribution;  // "0", "1", "2", "3+"
};

// Folds case rows, one at a time, into the dashboard: the store streams 100k+ rows through it
// without holding them. Open cases count whatever their age; the time figures cover cases
// opened at or after `from`.
class CaseDashboardBuilder {
 public:
  CaseDashboardBuilder(Timestamp from, Timestamp now);
  ~CaseDashboardBuilder();
  CaseDashboardBuilder(const CaseDashboardBuilder&) = delete;
  CaseDashboardBuilder& operator=(const CaseDashboardBuilder&) = delete;
  void Add(const CaseFigureRow& row);
  CaseDashboard Finish();

 private:
  struct Groups;
  CaseDashboard d_;
  std::array<int, 4> transfers_{};  // cases with 0, 1, 2, 3+ transfers
  std::unique_ptr<Groups> groups_;
};

CaseDashboard BuildCaseDashboard(const std::vector<CaseFigureRow>& rows, Timestamp from, Timestamp now);

}  // namespace rapport::domain
