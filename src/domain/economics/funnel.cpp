#include "domain/economics/funnel.hpp"

#include <algorithm>

namespace rapport::domain {
namespace {

constexpr Stage kFunnelStages[] = {Stage::kContact,     Stage::kLead,  Stage::kProposal,
                                   Stage::kNegotiation, Stage::kOrder, Stage::kRomance};

std::size_t Index(Stage s) { return static_cast<std::size_t>(s); }

}  // namespace

std::optional<double> Median(std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

FunnelBuilder::FunnelBuilder(Timestamp from, Timestamp to, std::unordered_map<Id, Timestamp> created)
    : from_(from), to_(to), created_(std::move(created)) {}

void FunnelBuilder::StartCustomer(Id id) {
  FlushCustomer();
  current_ = id;
  reached_mask_ = 0;
  stay_.reset();
  if (auto it = created_.find(id); it != created_.end()) {
    reached_mask_ |= 1u << Index(Stage::kContact);
    stay_ = {Stage::kContact, it->second};
    created_.erase(it);  // what remains at the end: created, never moved
  }
}

void FunnelBuilder::FlushCustomer() {
  if (current_ == 0) return;
  for (std::size_t i = 0; i < reached_.size(); ++i)
    if (reached_mask_ & (1u << i)) ++reached_[i];
}

void FunnelBuilder::Add(const StageTransition& t) {
  if (t.customer_id != current_) StartCustomer(t.customer_id);
  if (stay_ && stay_->first == t.from) {
    const auto ms = t.at.ms - stay_->second.ms;
    if (ms > 0) stays_days_[Index(t.from)].push_back(static_cast<double>(ms) / core::kMsPerDay);
  }
  stay_.reset();
  if (t.at.ms >= from_.ms && t.at.ms < to_.ms) {
    reached_mask_ |= 1u << Index(t.to);
    stay_ = {t.to, t.at};
  }
}

Funnel FunnelBuilder::Finish() {
  FlushCustomer();
  current_ = 0;
  reached_[Index(Stage::kContact)] += static_cast<std::int64_t>(created_.size());
  created_.clear();
  Funnel f{from_, to_, {}};
  std::int64_t previous = -1;
  for (Stage s : kFunnelStages) {
    FunnelStage row;
    row.stage = s;
    row.reached = reached_[Index(s)];
    if (previous > 0) row.conversion = static_cast<double>(row.reached) / static_cast<double>(previous);
    row.median_days = Median(stays_days_[Index(s)]);
    previous = row.reached;
    f.stages.push_back(row);
  }
  return f;
}

}  // namespace rapport::domain
