#include "domain/deal/deal.hpp"

namespace rapport::domain {

std::string_view DealStageName(DealStage s) {
  switch (s) {
    case DealStage::kProposal: return "proposal";
    case DealStage::kNegotiation: return "negotiation";
    case DealStage::kWon: return "won";
    case DealStage::kLost: return "lost";
  }
  return "proposal";
}

std::optional<DealStage> ParseDealStage(std::string_view name) {
  for (auto s : {DealStage::kProposal, DealStage::kNegotiation, DealStage::kWon, DealStage::kLost})
    if (DealStageName(s) == name) return s;
  return std::nullopt;
}

bool IsOpen(DealStage s) { return s == DealStage::kProposal || s == DealStage::kNegotiation; }

int WinProbabilityPercent(DealStage s) {
  switch (s) {
    case DealStage::kProposal: return 30;
    case DealStage::kNegotiation: return 60;
    case DealStage::kWon: return 100;
    case DealStage::kLost: return 0;
  }
  return 0;
}

core::Status CheckDealStageMove(const Deal& deal, const DealStageRequest& r) {
  const std::string id = core::FormatId(deal.id);
  if (deal.stage == DealStage::kWon)
    return core::Fail(core::Error::Conflict(
        "deal " + id + " is won and final (order " + core::FormatId(deal.order_id.value_or(0)) +
        "); refund or cancel the order instead"));
  if (r.target == deal.stage)
    return core::Fail(core::Error::Conflict("deal " + id + " is already in stage " +
                                            std::string(DealStageName(r.target))));
  if (r.target == DealStage::kLost) {
    if (!r.lost_reason) return core::Fail(core::Error::Invalid("lost_reason", "required when the deal is lost"));
    return {};
  }
  if (r.lost_reason)
    return core::Fail(core::Error::Invalid("lost_reason", "only meaningful when the deal is lost"));
  if (r.competitor)
    return core::Fail(core::Error::Invalid("competitor", "only meaningful when the deal is lost"));
  if (r.target == DealStage::kWon && deal.stage == DealStage::kLost)
    return core::Fail(core::Error::Conflict("deal " + id +
                                            " is lost: re-open it (proposal or negotiation) before winning it"));
  return {};
}

}  // namespace rapport::domain
