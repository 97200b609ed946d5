// The repositories of one transaction, for both backends: every Txn accessor is defined here
// once. A backend's Txn derives from SqlTxn and supplies its session (store/sql/sql_session.hpp)
// and its CustomerSearch (store/common/customer_repo.hpp); it adds no accessor of its own.
// Created per transaction; cheap. Used by one thread at a time, like the session under it.
#pragma once

#include "domain/repos.hpp"
#include "store/common/common_repos.hpp"
#include "store/common/customer_repo.hpp"

namespace rapport::store {

class SqlTxn : public domain::Txn {
 public:
  // Keeps references to `session` and `search`, which must outlive the transaction.
  SqlTxn(SqlSession& session, CustomerSearch& search) : common_(session), customers_(session, search) {}

  domain::CustomerRepo& Customers() final { return customers_; }
  domain::UserRepo& Users() final { return common_.accounts.users; }
  domain::TokenRepo& Tokens() final { return common_.accounts.tokens; }
  domain::SettingsRepo& Settings() final { return common_.accounts.settings; }
  domain::SessionRepo& Sessions() final { return common_.accounts.sessions; }
  domain::LoginThrottleRepo& LoginThrottles() final { return common_.accounts.throttles; }
  domain::PasswordResetRepo& PasswordResets() final { return common_.accounts.resets; }
  domain::AuditRepo& Audit() final { return common_.accounts.audit; }
  domain::JobRepo& Jobs() final { return common_.accounts.jobs; }
  domain::ProductRepo& Products() final { return common_.products; }
  domain::DealRepo& Deals() final { return common_.deals; }
  domain::OrderRepo& Orders() final { return common_.orders; }
  domain::LoyaltyRepo& Loyalty() final { return common_.loyalty; }
  domain::OutboxRepo& Outbox() final { return common_.outbox; }
  domain::UsageRepo& Usage() final { return common_.usage; }
  domain::PrivacyRepo& Privacy() final { return common_.privacy; }
  domain::SubscriptionRepo& Subscriptions() final { return common_.relationship.subscriptions; }
  domain::WinBackRepo& WinBack() final { return common_.relationship.winback; }
  domain::ReferralRepo& Referrals() final { return common_.relationship.referrals; }
  domain::AppreciationRepo& Appreciation() final { return common_.relationship.appreciation; }
  domain::InteractionRepo& Interactions() final { return common_.romance.interactions; }
  domain::TaskRepo& Tasks() final { return common_.romance.tasks; }
  domain::CadenceRepo& Cadences() final { return common_.romance.cadences; }
  domain::CaseRepo& Cases() final { return common_.care.cases; }
  domain::FeedbackRepo& Feedback() final { return common_.care.feedback; }
  domain::PromiseRepo& Promises() final { return common_.care.promises; }
  domain::EconomicsRepo& Economics() final { return common_.economics; }

 private:
  CommonRepos common_;
  SqlCustomerRepo customers_;
};

}  // namespace rapport::store
