// The storage ports in one include, for the adapters (src/store) and anything wiring them: the
// Txn/Store interfaces (domain/store.hpp) and every repository. Domain code includes only the
// repository headers it calls.
#pragma once

#include "domain/store.hpp"

#include "domain/appreciation/appreciation_repo.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/auth/login_throttle_repo.hpp"
#include "domain/auth/password_reset_repo.hpp"
#include "domain/auth/session_repo.hpp"
#include "domain/auth/token_repo.hpp"
#include "domain/cadence/cadence_repo.hpp"
#include "domain/care/case_repo.hpp"
#include "domain/care/feedback_repo.hpp"
#include "domain/care/promise_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/customer/privacy_repo.hpp"
#include "domain/deal/deal_repo.hpp"
#include "domain/economics/economics_repo.hpp"
#include "domain/interaction/interaction_repo.hpp"
#include "domain/jobs/job_repo.hpp"
#include "domain/loyalty/loyalty_repo.hpp"
#include "domain/order/order_repo.hpp"
#include "domain/outbox/outbox_repo.hpp"
#include "domain/product/product_repo.hpp"
#include "domain/referral/referral_repo.hpp"
#include "domain/subscription/subscription_repo.hpp"
#include "domain/task/task_repo.hpp"
#include "domain/usage/usage_repo.hpp"
#include "domain/user/user_repo.hpp"
#include "domain/winback/winback_repo.hpp"
#include "domain/workspace/settings_repo.hpp"
