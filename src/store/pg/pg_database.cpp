#include "store/pg/pg_database.hpp"

#include <chrono>
#include <random>
#include <thread>

#include "store/pg/pg_migrations.hpp"
#include "store/pg/pg_txn.hpp"

namespace rapport::store::pg {
namespace {

constexpr int kMaxAttempts = 10;
// pg_advisory_xact_lock key: serialises migrations of several servers starting together.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7270101)";

// The URL without its password, for messages.
std::string Redacted(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + ":***" + url.substr(at);
}

core::Status RunGuarded(const domain::Store::Work& work, domain::Txn& txn) {
  try {
    return work(txn);
  } catch (const std::exception& e) {
    return core::Fail(core::Error::Internal(std::string("unexpected exception in a transaction: ") + e.what()));
  }
}

}  // namespace

core::Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const std::string& url,
                                                           const OpenOptions& options) {
  auto first = Connection::Open(url);
  if (!first) {
    auto e = first.error();
    e.message = "cannot use database '" + Redacted(url) + "': " + e.message;
    return core::Fail(std::move(e));
  }
  std::unique_ptr<PgDatabase> db(new PgDatabase(url, std::max(1, options.pool_size)));
  db->open_ = 1;
  db->idle_.push_back(std::move(*first));
  return db;
}

PgDatabase::~PgDatabase() { Close(); }

void PgDatabase::Close() {
  std::unique_lock lock(mu_);
  closed_ = true;
  // Connections in use are closed by Release once their work ends.
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  cv_.notify_all();
}

core::Result<std::unique_ptr<Connection>> PgDatabase::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return closed_ || !idle_.empty() || open_ < pool_size_; });
  if (closed_) return core::Fail(core::Error::Unavailable("the database is closed"));
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }
  ++open_;
  lock.unlock();
  auto conn = Connection::Open(url_);
  if (!conn) {
    lock.lock();
    --open_;
    cv_.notify_one();
    return core::Fail(conn.error());
  }
  return conn;
}

void PgDatabase::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (closed_ || !conn->Healthy()) {
    --open_;  // a broken connection is dropped; the next Acquire opens a fresh one
  } else {
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

core::Status PgDatabase::RunInTransaction(const Work& work, const char* begin, bool writing) {
  core::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto conn = Acquire();
    if (!conn) return core::Fail(conn.error());
    status = (*conn)->Exec(begin);
    if (status) {
      PgTxn txn(**conn, writing);
      status = RunGuarded(work, txn);
      if (status) status = (*conn)->Exec("COMMIT");
    }
    // After a failed statement or COMMIT; a no-op (with a warning) when none is open.
    if (!status && (*conn)->Healthy()) (void)(*conn)->Exec("ROLLBACK");
    Release(std::move(*conn));
    if (status || !IsRetryable(status.error())) return status;
    // Back off a little, with jitter, so the racers do not collide again in lockstep.
    thread_local std::minstd_rand jitter(std::random_device{}());
    std::this_thread::sleep_for(std::chrono::microseconds(200 * attempt + jitter() % 1000));
  }
  return status;
}

core::Status PgDatabase::Read(const Work& work) {
  return RunInTransaction(work, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", false);
}

core::Status PgDatabase::Write(const Work& work) {
  return RunInTransaction(work, "BEGIN", true);
}

core::Status PgDatabase::PurgeDeletedData(std::span<const std::string_view> tables) {
  for (std::string_view t : tables)
    if (!IsPlainSqlIdentifier(t))
      return core::Fail(core::Error::Internal("cannot purge '" + std::string(t) +
                                              "': not a plain table name"));
  auto conn = Acquire();
  if (!conn) return core::Fail(conn.error());
  core::Status status;
  for (std::string_view t : tables) {
    // VACUUM cannot run inside a transaction block; each statement here runs on its own.
    const std::string sql = "VACUUM " + std::string(t);
    status = (*conn)->Exec(sql.c_str());
    if (!status) break;
  }
  Release(std::move(*conn));
  return status;
}

core::Result<int> PgDatabase::SchemaVersion() {
  auto conn = Acquire();
  if (!conn) return core::Fail(conn.error());
  auto exists = (*conn)->Query("SELECT to_regclass('schema_migrations') IS NOT NULL");
  int version = 0;
  core::Status st;
  if (!exists) {
    st = core::Fail(exists.error());
  } else if (exists->Text(0, 0) == "t") {
    auto v = (*conn)->Query("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (v) version = static_cast<int>(v->Int(0, 0));
    else st = core::Fail(v.error());
  }
  Release(std::move(*conn));
  if (!st) return core::Fail(st.error());
  return version;
}

core::Status PgDatabase::Migrate(const std::function<void(const MigrationStep&)>& on_step) {
  auto current = SchemaVersion();
  if (!current) return core::Fail(current.error());
  const int latest = LatestSchemaVersion();
  if (*current > latest)
    return core::Fail(core::Error::Conflict(
        "database '" + Redacted(url_) + "' has schema version " + std::to_string(*current) +
        ", newer than this rapport binary knows (" + std::to_string(latest) +
        "): upgrade rapport before using this database"));
  for (const Migration& m : Migrations()) {
    if (m.version <= *current) continue;
    if (on_step) on_step({m.version, m.name});
    auto conn = Acquire();
    if (!conn) return core::Fail(conn.error());
    // One transaction per migration, under a lock, re-checking the version inside it: several
    // servers starting at once apply each migration exactly once.
    auto run = [&]() -> core::Status {
      if (auto st = (*conn)->Exec("BEGIN"); !st) return st;
      if (auto st = (*conn)->Exec(kMigrationLock); !st) return st;
      if (auto st = (*conn)->Exec(
              "CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, "
              "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
          !st)
        return st;
      pg::Params p;
      p.Add(static_cast<std::int64_t>(m.version));
      auto done = (*conn)->Query("SELECT count(*) FROM schema_migrations WHERE version = $1", p);
      if (!done) return core::Fail(done.error());
      if (done->Int(0, 0) == 0) {
        if (auto st = (*conn)->Exec(m.sql); !st) return st;
        pg::Params q;
        q.Add(static_cast<std::int64_t>(m.version)).Add(std::string_view(m.name));
        if (auto r = (*conn)->Query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", q); !r)
          return core::Fail(r.error());
      }
      return (*conn)->Exec("COMMIT");
    };
    auto st = run();
    if (!st) {
      (void)(*conn)->Exec("ROLLBACK");
      auto e = st.error();
      e.message = "migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + e.message;
      Release(std::move(*conn));
      return core::Fail(std::move(e));
    }
    Release(std::move(*conn));
  }
  return {};
}

}  // namespace rapport::store::pg
