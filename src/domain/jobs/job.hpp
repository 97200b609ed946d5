// Background jobs shared by every server on one database. A run is claimed with a lease in the
// database (an atomic conditional UPDATE), so two servers never run the same job at once or twice
// for the same period, and a server that dies mid-run loses its lease when it expires: the next
// server to look claims the job and runs it. Plain values.
#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"

namespace rapport::domain {

using core::Timestamp;

struct JobState {
  std::string name;
  std::optional<std::string> holder;  // the server running it now ("host:pid:random")
  Timestamp lease_until;              // the holder's claim lapses then
  Timestamp next_run_at;              // due from then on
  std::optional<Timestamp> last_run_at;
  std::optional<std::string> last_holder;
  std::int64_t runs = 0;  // completed runs
};

}  // namespace rapport::domain
