// The SQLite backend: one file, WAL mode.
//
// Writes go through one writer thread that owns the only write connection. Concurrent Write()
// calls queue up; the writer runs everything queued in one transaction, each call inside its own
// savepoint (a failing call rolls back alone), then commits once (one fsync for the group) and
// only then releases the callers. Reads use a pool of read-only connections, each in its own
// snapshot transaction, and never wait for the writer.
//
// Thread-safe. Write() must not be called from inside a Write() callback.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/database.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace rapport::store::sqlite {

class SqliteDatabase final : public Database {
 public:
  static core::Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path,
                                                            const OpenOptions& options);
  ~SqliteDatabase() override;

  core::Status Read(const Work& work) override;
  core::Status Write(const Work& work) override;
  // Runs on the writer thread after the writes queued before it: when `tables` names customers,
  // merges the search index so it keeps no postings of old values (see the .cpp); then
  // checkpoints the WAL into the database file and truncates it. kUnavailable when readers keep
  // the WAL in use for too long.
  core::Status PurgeDeletedData(std::span<const std::string_view> tables) override;
  core::Result<int> SchemaVersion() override;
  core::Status Migrate(const std::function<void(const MigrationStep&)>& on_step) override;
  void Close() override;

 private:
  struct Job;
  SqliteDatabase(std::string path, OpenOptions options, std::unique_ptr<Connection> writer);
  // Runs fn alone on the writer connection, outside any transaction the writer opens.
  core::Status RunExclusive(std::function<core::Status(Connection&)> fn);
  core::Status Submit(Job& job);
  void WriterLoop();
  void RunBatch(std::vector<Job*>& batch);
  core::Result<std::unique_ptr<Connection>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> conn);

  const std::string path_;
  const OpenOptions options_;
  std::unique_ptr<Connection> writer_conn_;
  std::thread writer_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool closed_ = false;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace rapport::store::sqlite
