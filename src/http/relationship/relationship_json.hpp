// JSON shapes of subscriptions and renewals, win-back, referrals and appreciation events; decoding
// their requests. Decoders report every bad or unknown field (in decode_errors, merged with the
// service's own checks, or as kInvalidArgument).
#pragma once

#include <boost/json.hpp>

#include "domain/appreciation/appreciation_service.hpp"
#include "domain/referral/referral_service.hpp"
#include "domain/subscription/subscription_service.hpp"
#include "domain/winback/winback_service.hpp"

namespace rapport::http {

boost::json::object SubscriptionToJson(const domain::Subscription& s);
boost::json::object SubscriptionDetailToJson(const domain::SubscriptionDetail& d);  // with "events"
boost::json::object RenewalListToJson(const domain::RenewalList& list);
boost::json::object WinBackToJson(const domain::WinBackStatus& s, std::string_view currency);
boost::json::object WinBackOfferToJson(const domain::WinBackOffer& o);
boost::json::object ReferralToJson(const domain::Referral& r);
boost::json::object LeaderboardRowToJson(const domain::LeaderboardRow& row, int rank);
boost::json::object EventToJson(const domain::EventDetail& d);
boost::json::object InvitationToJson(const domain::Invitation& v);
boost::json::object TargetToJson(const domain::TargetRow& t);

domain::SubscriptionInput SubscriptionInputFromJson(const boost::json::object& body);
domain::WinBackOfferInput WinBackOfferFromJson(const boost::json::object& body);
domain::ReferralInput ReferralInputFromJson(const boost::json::object& body);
domain::AppreciationEventInput EventInputFromJson(const boost::json::object& body);
domain::InvitationUpdate InvitationUpdateFromJson(const boost::json::object& body);

}  // namespace rapport::http
