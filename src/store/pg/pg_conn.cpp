#include "store/pg/pg_conn.hpp"

#include <cstring>

namespace rapport::store::pg {

core::Error PgError(PGconn* conn, const PGresult* res, std::string_view context) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string detail = res ? PQresultErrorMessage(res) : "";
  if (detail.empty() && conn) detail = PQerrorMessage(conn);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  const std::string message = std::string(context) + ": " + detail;
  const std::string code = state ? state : "";
  if (code == "23505") return core::Error::Conflict(message);
  if (code == "40001" || code == "40P01")
    return core::Error::Unavailable("concurrent update, retry: " + message);
  if (code.empty() || code.starts_with("08") || code.starts_with("53") || code.starts_with("57P"))
    return core::Error::Unavailable("database unavailable: " + message);
  return core::Error::Internal(message);
}

bool IsRetryable(const core::Error& e) {
  return e.code == core::ErrorCode::kUnavailable && e.message.starts_with("concurrent update");
}

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& conninfo) {
  PGconn* c = PQconnectdb(conninfo.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(c);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(c);
    return core::Fail(core::Error::Unavailable("cannot connect to PostgreSQL: " + msg));
  }
  std::unique_ptr<Connection> conn(new Connection(c));
  // UTC everywhere; quiet NOTICEs (e.g. "extension already exists") stay out of the logs.
  if (auto st = conn->Exec("SET TIME ZONE 'UTC'; SET client_min_messages = warning;"); !st)
    return core::Fail(st.error());
  return conn;
}

Connection::~Connection() { PQfinish(conn_); }

core::Result<Result> Connection::Query(std::string_view sql, const Params& params) {
  std::string key(sql);
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    const std::string name = "s" + std::to_string(prepared_.size() + 1);
    Result prep(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
    if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK)
      return core::Fail(PgError(conn_, prep.get(), "prepare failed"));
    it = prepared_.emplace(std::move(key), name).first;
  }
  const auto& values = params.values();
  std::vector<const char*> raw(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) raw[i] = values[i] ? values[i]->c_str() : nullptr;
  Result res(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(raw.size()), raw.data(),
                            nullptr, nullptr, 0));
  const auto status = PQresultStatus(res.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return core::Fail(PgError(conn_, res.get(), "query failed"));
  return res;
}

core::Status Connection::Exec(const char* sql) {
  Result res(PQexec(conn_, sql));
  const auto status = PQresultStatus(res.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return core::Fail(PgError(conn_, res.get(), "statement failed"));
  return {};
}

}  // namespace rapport::store::pg
