#include "store/sqlite/sqlite_database.hpp"

#include <chrono>
#include <semaphore>
#include <thread>

#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_txn.hpp"

namespace rapport::store::sqlite {
namespace {

thread_local bool tls_in_writer = false;
constexpr std::size_t kMaxBatch = 512;
// PurgeDeletedData: attempts at a TRUNCATE checkpoint, and how long each waits for readers.
constexpr int kPurgeAttempts = 8;
constexpr int kPurgeBusyMs = 50;

core::Status ExecStmt(Connection& conn, const char* sql) {
  auto s = conn.Prepare(sql);
  if (!s) return core::Fail(s.error());
  return s->Run();
}

core::Status RunGuarded(const domain::Store::Work& work, domain::Txn& txn) {
  try {
    return work(txn);
  } catch (const std::exception& e) {
    return core::Fail(core::Error::Internal(std::string("unexpected exception in a transaction: ") + e.what()));
  }
}

}  // namespace

struct SqliteDatabase::Job {
  const Work* work = nullptr;                                // a grouped write, or
  std::function<core::Status(Connection&)> exclusive;        // a job run alone
  core::Status status;
  std::binary_semaphore done{0};
};

core::Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                                   const OpenOptions& options) {
  auto writer = Connection::Open(path, options.create_if_missing, /*read_only=*/false,
                                 options.writer_cache_mb);
  if (!writer) return core::Fail(writer.error());
  // Touch the schema so that a file that is not a database is reported now, by name.
  if (auto st = (*writer)->Exec("SELECT count(*) FROM sqlite_schema"); !st) {
    return core::Fail(core::Error::Unavailable("cannot use database '" + path + "': " +
                                               st.error().message));
  }
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(path, options, std::move(*writer)));
}

SqliteDatabase::SqliteDatabase(std::string path, OpenOptions options,
                               std::unique_ptr<Connection> writer)
    : path_(std::move(path)), options_(options), writer_conn_(std::move(writer)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

SqliteDatabase::~SqliteDatabase() { Close(); }

void SqliteDatabase::Close() {
  {
    std::lock_guard lock(mu_);
    if (closed_ && !writer_.joinable()) return;
    closed_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  std::lock_guard lock(readers_mu_);
  idle_readers_.clear();
}

core::Status SqliteDatabase::Submit(Job& job) {
  if (tls_in_writer)
    return core::Fail(core::Error::Internal("Write() called from inside a write transaction"));
  {
    std::lock_guard lock(mu_);
    if (closed_) return core::Fail(core::Error::Unavailable("the database is closed"));
    queue_.push_back(&job);
  }
  cv_.notify_one();
  job.done.acquire();
  return std::move(job.status);
}

core::Status SqliteDatabase::Write(const Work& work) {
  Job job;
  job.work = &work;
  return Submit(job);
}

core::Status SqliteDatabase::RunExclusive(std::function<core::Status(Connection&)> fn) {
  Job job;
  job.exclusive = std::move(fn);
  return Submit(job);
}

void SqliteDatabase::WriterLoop() {
  tls_in_writer = true;
  std::vector<Job*> batch;
  for (;;) {
    batch.clear();
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !queue_.empty() || closed_; });
      if (queue_.empty()) break;  // closed and drained
      if (queue_.front()->exclusive) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      } else {
        while (!queue_.empty() && !queue_.front()->exclusive && batch.size() < kMaxBatch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
    }
    if (batch.front()->exclusive) {
      Job* job = batch.front();
      try {
        job->status = job->exclusive(*writer_conn_);
      } catch (const std::exception& e) {
        job->status = core::Fail(core::Error::Internal(e.what()));
      }
      job->done.release();
      continue;
    }
    RunBatch(batch);
  }
  // Fold the WAL back into the database file so the directory holds one clean file.
  (void)writer_conn_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  writer_conn_.reset();
}

void SqliteDatabase::RunBatch(std::vector<Job*>& batch) {
  auto fail_all = [&](const core::Error& e) {
    for (Job* job : batch) {
      job->status = core::Fail(e);
      job->done.release();
    }
  };
  if (auto st = ExecStmt(*writer_conn_, "BEGIN IMMEDIATE"); !st) return fail_all(st.error());
  SqliteTxn txn(*writer_conn_, /*writing=*/true);
  if (batch.size() == 1) {
    // Alone in its transaction: no savepoint needed (a failure rolls the transaction back). A
    // savepoint around a large write (demo data, imports) makes SQLite keep a sub-journal of
    // every page it touches and walk it at the end of each UPSERT statement: quadratic time.
    Job* job = batch.front();
    job->status = RunGuarded(*job->work, txn);
    if (!job->status) {
      (void)writer_conn_->Exec("ROLLBACK");
    } else if (auto st = ExecStmt(*writer_conn_, "COMMIT"); !st) {
      (void)writer_conn_->Exec("ROLLBACK");
      job->status = core::Fail(st.error());
    }
    job->done.release();
    return;
  }
  for (Job* job : batch) {
    if (auto st = ExecStmt(*writer_conn_, "SAVEPOINT w"); !st) {
      job->status = core::Fail(st.error());
      continue;
    }
    job->status = RunGuarded(*job->work, txn);
    if (!job->status) (void)ExecStmt(*writer_conn_, "ROLLBACK TO w");
    (void)ExecStmt(*writer_conn_, "RELEASE w");
  }
  if (auto st = ExecStmt(*writer_conn_, "COMMIT"); !st) {
    (void)writer_conn_->Exec("ROLLBACK");
    for (Job* job : batch)
      if (job->status) job->status = core::Fail(st.error());
  }
  for (Job* job : batch) job->done.release();
}

core::Result<std::unique_ptr<Connection>> SqliteDatabase::AcquireReader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return conn;
    }
  }
  // Read connections are read-write at the file level (WAL readers update the shared-memory
  // index) but refuse writes through query_only.
  return Connection::Open(path_, /*create=*/false, /*read_only=*/true);
}

void SqliteDatabase::ReleaseReader(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(readers_mu_);
  if (idle_readers_.size() < static_cast<std::size_t>(options_.readers))
    idle_readers_.push_back(std::move(conn));
}

core::Status SqliteDatabase::Read(const Work& work) {
  {
    std::lock_guard lock(mu_);
    if (closed_) return core::Fail(core::Error::Unavailable("the database is closed"));
  }
  auto conn = AcquireReader();
  if (!conn) return core::Fail(conn.error());
  if (auto st = ExecStmt(**conn, "BEGIN"); !st) return st;
  SqliteTxn txn(**conn, /*writing=*/false);
  auto status = RunGuarded(work, txn);
  if (auto st = ExecStmt(**conn, "COMMIT"); !st) {
    (void)(*conn)->Exec("ROLLBACK");
    if (status) status = core::Fail(st.error());
  }
  ReleaseReader(std::move(*conn));
  return status;
}

core::Status SqliteDatabase::PurgeDeletedData(std::span<const std::string_view> tables) {
  bool customers = false;
  for (std::string_view t : tables) {
    if (!IsPlainSqlIdentifier(t))
      return core::Fail(core::Error::Internal("cannot purge '" + std::string(t) +
                                              "': not a plain table name"));
    customers = customers || t == "customers";
  }
  return RunExclusive([customers](Connection& conn) -> core::Status {
    // The search index (FTS5) does not remove a changed row's old trigrams: it records a delete
    // marker and keeps the old postings (term, row, positions: enough to rebuild the text) until
    // segments are merged. 'optimize' merges every segment into one, dropping them. It rewrites
    // the whole index (about 0.5 s for 200,000 customers), acceptable for a rare erasure. (FTS5's
    // 'secure-delete' option, which avoids this, needs SQLite 3.42.)
    if (customers) {
      if (auto st = conn.Exec("INSERT INTO customer_search(customer_search) VALUES ('optimize')"); !st)
        return st;
    }
    // A TRUNCATE checkpoint waits for every reader to leave the WAL. Reads are short, so wait a
    // little at a time and retry rather than hold up the writer for the full busy timeout.
    sqlite3* db = conn.handle();
    sqlite3_busy_timeout(db, kPurgeBusyMs);
    int rc = SQLITE_OK;
    for (int attempt = 1; attempt <= kPurgeAttempts; ++attempt) {
      rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
      if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
    }
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
      return core::Fail(core::Error::Unavailable(
          "cannot purge deleted data yet: readers keep the write-ahead log in use; retry"));
    if (rc != SQLITE_OK) return core::Fail(SqliteError(db, rc, "WAL checkpoint failed"));
    return {};
  });
}

core::Result<int> SqliteDatabase::SchemaVersion() {
  int version = 0;
  auto st = RunExclusive([&](Connection& conn) -> core::Status {
    auto s = conn.Prepare("PRAGMA user_version");
    if (!s) return core::Fail(s.error());
    auto row = s->Step();
    if (!row) return core::Fail(row.error());
    version = static_cast<int>(s->Int(0));
    return {};
  });
  if (!st) return core::Fail(st.error());
  return version;
}

core::Status SqliteDatabase::Migrate(const std::function<void(const MigrationStep&)>& on_step) {
  auto current = SchemaVersion();
  if (!current) return core::Fail(current.error());
  const int latest = LatestSchemaVersion();
  if (*current > latest)
    return core::Fail(core::Error::Conflict(
        "database '" + path_ + "' has schema version " + std::to_string(*current) +
        ", newer than this rapport binary knows (" + std::to_string(latest) +
        "): upgrade rapport before using this database"));
  for (const Migration& m : Migrations()) {
    if (m.version <= *current) continue;
    if (on_step) on_step({m.version, m.name});
    auto st = RunExclusive([&](Connection& conn) -> core::Status {
      // One transaction per migration: a database is never left half-migrated.
      if (auto b = conn.Exec("BEGIN IMMEDIATE"); !b) return b;
      auto applied = conn.Exec(m.sql);
      if (applied) {
        const std::string set_version = "PRAGMA user_version = " + std::to_string(m.version);
        applied = conn.Exec(set_version.c_str());
      }
      if (applied) applied = conn.Exec("COMMIT");
      if (!applied) {
        (void)conn.Exec("ROLLBACK");
        auto e = applied.error();
        e.message = "migration " + std::to_string(m.version) + " (" + m.name + ") failed: " + e.message;
        return core::Fail(std::move(e));
      }
      return {};
    });
    if (!st) return st;
  }
  return {};
}

}  // namespace rapport::store::sqlite
