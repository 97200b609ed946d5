// The PostgreSQL backend: a pool of libpq connections shared by all threads.
//
// Write() runs its work in a READ COMMITTED transaction on a pooled connection and returns after
// COMMIT (synchronous_commit: durable). Reads of a customer inside a write lock its row
// (SELECT ... FOR UPDATE), so concurrent read-modify-write requests on one customer — from this
// server or another on the same database — queue up and apply one after another, as on SQLite;
// a deadlock or serialization failure is retried a few times with jitter.
// Read() uses a REPEATABLE READ, READ ONLY snapshot. Thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/database.hpp"
#include "store/pg/pg_conn.hpp"

namespace rapport::store::pg {

class PgDatabase final : public Database {
 public:
  static core::Result<std::unique_ptr<PgDatabase>> Open(const std::string& url,
                                                        const OpenOptions& options);
  ~PgDatabase() override;

  core::Status Read(const Work& work) override;
  core::Status Write(const Work& work) override;
  // VACUUMs each table (outside a transaction, on a pooled connection) so that dead row versions
  // left by updates and deletes are removed. Table names must be plain lower-case identifiers.
  core::Status PurgeDeletedData(std::span<const std::string_view> tables) override;
  core::Result<int> SchemaVersion() override;
  core::Status Migrate(const std::function<void(const MigrationStep&)>& on_step) override;
  void Close() override;

 private:
  PgDatabase(std::string url, int pool_size) : url_(std::move(url)), pool_size_(pool_size) {}
  core::Result<std::unique_ptr<Connection>> Acquire();
  void Release(std::unique_ptr<Connection> conn);
  core::Status RunInTransaction(const Work& work, const char* begin, bool writing);

  const std::string url_;
  const int pool_size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  bool closed_ = false;
};

}  // namespace rapport::store::pg
