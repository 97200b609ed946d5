#include "domain/appreciation/appreciation.hpp"

namespace rapport::domain {

std::string_view InvitationResponseName(InvitationResponse r) {
  switch (r) {
    case InvitationResponse::kPending: return "pending";
    case InvitationResponse::kAccepted: return "accepted";
    case InvitationResponse::kDeclined: return "declined";
  }
  return "pending";
}

std::optional<InvitationResponse> ParseInvitationResponse(std::string_view name) {
  if (name == "pending") return InvitationResponse::kPending;
  if (name == "accepted") return InvitationResponse::kAccepted;
  if (name == "declined") return InvitationResponse::kDeclined;
  return std::nullopt;
}

}  // namespace rapport::domain
