// Generates a realistic synthetic book of business: team, people and companies across the
// funnel with their stage histories, owners, sources with acquisition costs. Deterministic for
// (seed, as_of): the same inputs give the same database content.
//
// Thread safety: GenerateDemo keeps no state between calls; it writes in many transactions (one per
// batch), so two runs on one database at once would interleave: run one at a time.
// Errors: kInvalidArgument on "customers" (negative) and "password" (under 10 characters),
// kConflict as stated below, and the store's kUnavailable / kInternal (batches committed before a
// failure stay).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/error.hpp"
#include "domain/customer/customer.hpp"
#include "domain/store.hpp"

namespace rapport::domain {

struct DemoOptions {
  std::int64_t customers = 1000;
  std::uint64_t seed = 42;
  Timestamp as_of;                 // "now" of the generated history
  std::string admin_password;      // password of every demo user (>= 10 characters)
  // Customers per transaction. Large: most index keys are random, so each commit rewrites index
  // pages all over the file to the WAL; fewer commits write far less (with a large page cache).
  int batch_size = 50000;
  std::string currency = "USD";     // of the demo products, deals and orders
  double repeat_orders_per_year = 2.0;  // mean rate of repeat orders while in romance
  // When > 0: reps rep0001@rapport.demo, ... each own about this many customers (benchmarks of a
  // rep's Today); otherwise the nine demo users share them.
  std::int64_t customers_per_rep = 0;
  double cases_per_customer = 0.05;  // expected complaint cases per customer past the first contact
};

struct DemoSummary {
  std::int64_t customers = 0, companies = 0, transitions = 0, users = 0;
  std::int64_t products = 0, deals = 0, orders = 0;
  std::int64_t interactions = 0, tasks = 0;
  std::int64_t cases = 0, feedback = 0, promises = 0;
  std::int64_t cadence_pass_ms = 0;  // the first full scheduler pass
  std::string admin_email;
};

inline constexpr std::string_view kDemoAdminEmail = "admin@rapport.demo";

// Fails with kConflict when the database already has customers (demo data goes into a new
// database). `on_progress(done, total)` is called after each committed batch, with done = -1 when
// the rows are in and the search index is being built, and with -2 before the first cadence pass.
core::Result<DemoSummary> GenerateDemo(
    Store& store, const DemoOptions& options,
    const std::function<void(std::int64_t done, std::int64_t total)>& on_progress);

}  // namespace rapport::domain
