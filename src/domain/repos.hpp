// The storage ports in one include, for the adapters (src/store) and anything wiring them: the
// Txn/Store interfaces (domain/store.hpp) and every repository. Domain code includes only the
// repository headers it calls.
#pragma once

#include "domain/store.hpp"

#include "domain/appreciation/appreciation.hpp"
#include "domain/deal/deal.hpp"
#include "domain/loyalty/loyalty.hpp"
#include "domain/order/order.hpp"
#include "domain/outbox/outbox.hpp"
#include "domain/product/product.hpp"
#include "domain/referral/referral.hpp"
#include "domain/subscription/subscription.hpp"
#include "domain/usage/usage.hpp"
#include "domain/winback/winback.hpp"

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
#include "domain/economics/economics_repo.hpp"
#include "domain/interaction/interaction_repo.hpp"
#include "domain/jobs/job_repo.hpp"
#include "domain/task/task_repo.hpp"
#include "domain/user/user_repo.hpp"
#include "domain/workspace/settings_repo.hpp"
