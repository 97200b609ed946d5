#include <algorithm>
#include <map>
#include <string>

#include "core/text.hpp"
#include "store/customer_sql.hpp"
#include "store/field_codec.hpp"
#include "store/sqlite/sqlite_repos.hpp"

namespace rapport::store::sqlite {
namespace {

using core::Fail;
using domain::Customer;
using domain::CustomerQuery;
using domain::CustomerSortField;


// Above this many trigram matches, q is answered by walking the sort index and filtering
// (finds a page quickly because matches are common); below it, by fetching the matches and
// sorting them (fast because they are few).
constexpr int kSearchDriveThreshold = 2000;

// The same choice for a rep's scope. Up to this many customers in the scope, the list fetches
// them by owner (index customers_owner_name) and sorts them; above it, it walks the sort order's
// index and skips rows outside the scope (a page is found quickly because the scope holds a good
// share of the rows). Without the switch SQLite always takes the owner index, and a team owning
// most of a million customers sorted them all for every page (about 5 s).
constexpr int kScopeDriveThreshold = 5000;

Customer ReadCustomer(const Stmt& s) {
  Customer c;
  c.id = s.Int(0);
  c.kind = domain::ParseCustomerKind(s.Text(1)).value_or(domain::CustomerKind::kPerson);
  c.name = s.Text(2);
  c.company_id = s.OptInt(3);
  c.email = s.OptText(4);
  c.phone = s.OptText(5);
  c.time_zone = s.OptText(6);
  c.source = s.OptText(7);
  c.address = {s.OptText(8), s.OptText(9), s.OptText(10), s.OptText(11), s.OptText(12)};
  c.owner_id = s.Int(13);
  c.acquisition_cost_cents = s.Int(14);
  c.tags = DecodeTags(s.Text(15));
  c.custom = DecodeCustom(s.Text(16));
  c.notes = {s.OptText(17), s.OptText(18), s.OptText(19)};
  c.stage = domain::ParseStage(s.Text(20)).value_or(domain::Stage::kContact);
  c.stage_changed_at = {s.Int(21)};
  c.created_at = {s.Int(22)};
  c.updated_at = {s.Int(23)};
  if (auto a = s.OptInt(24)) c.archived_at = core::Timestamp{*a};
  c.version = s.Int(25);
  return c;
}

// Binds every stored column of `c` at positions 1..26 (the order of the INSERT/UPDATE below).
void BindCustomer(Stmt& s, const Customer& c) {
  s.Bind(1, domain::CustomerKindName(c.kind))
      .Bind(2, std::string_view(c.name))
      .Bind(3, domain::SortNameFor(c))
      .Bind(4, domain::SearchTextFor(c))
      .Bind(5, c.company_id)
      .Bind(6, c.email)
      .Bind(7, c.phone)
      .Bind(8, c.time_zone)
      .Bind(9, c.source)
      .Bind(10, c.address.street)
      .Bind(11, c.address.city)
      .Bind(12, c.address.region)
      .Bind(13, c.address.postal_code)
      .Bind(14, c.address.country)
      .Bind(15, c.owner_id)
      .Bind(16, c.acquisition_cost_cents)
      .Bind(17, EncodeTags(c.tags))
      .Bind(18, EncodeCustom(c.custom))
      .Bind(19, c.notes.expectations)
      .Bind(20, c.notes.preferences)
      .Bind(21, c.notes.idiosyncrasies)
      .Bind(22, domain::StageName(c.stage))
      .Bind(23, c.stage_changed_at.ms)
      .Bind(24, c.created_at.ms)
      .Bind(25, c.updated_at.ms)
      .Bind(26, c.archived_at ? std::optional<std::int64_t>(c.archived_at->ms) : std::nullopt);
}

// An FTS5 phrase matching the text as a substring: quotes doubled, the whole in quotes.
std::string FtsPhrase(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

enum class SearchMode { kNone, kDriveFromIndex, kScanInOrder };

// One bound value of a dynamic query.
struct Param {
  std::optional<std::int64_t> i;
  std::string s;
};

}  // namespace

core::Result<core::Id> SqliteCustomerRepo::Insert(const Customer& c) {
  return InsertRow(c, /*index=*/true);
}

core::Result<core::Id> SqliteCustomerRepo::InsertUnindexed(const Customer& c) {
  return InsertRow(c, /*index=*/false);
}

core::Status SqliteCustomerRepo::RebuildSearchIndex() {
  return conn_.Exec("INSERT INTO customer_search(customer_search) VALUES ('rebuild')");
}

core::Result<core::Id> SqliteCustomerRepo::InsertRow(const Customer& c, bool index) {
  auto s = conn_.Prepare(
      "INSERT INTO customers (kind, name, sort_name, search_text, company_id, email, phone, "
      "time_zone, source, street, city, region, postal_code, country, owner_id, "
      "acquisition_cost_cents, tags, custom, expectations, preferences, idiosyncrasies, stage, "
      "stage_changed_at, created_at, updated_at, archived_at, version) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
      "?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)");
  if (!s) return Fail(s.error());
  BindCustomer(*s, c);
  s->Bind(27, c.version);
  if (auto st = s->Run(); !st) return Fail(st.error());
  const core::Id id = conn_.LastInsertId();
  if (index) {
    // Inserts are indexed here rather than by a trigger so that bulk loads can skip it; updates
    // and deletes keep their triggers (see the migration).
    auto fts = conn_.Prepare("INSERT INTO customer_search(rowid, search_text) VALUES (?1, ?2)");
    if (!fts) return Fail(fts.error());
    fts->Bind(1, id).Bind(2, domain::SearchTextFor(c));
    if (auto st = fts->Run(); !st) return Fail(st.error());
  }
  if (auto st = WriteTags(id, c.tags, /*replace=*/false); !st) return Fail(st.error());
  return id;
}

core::Status SqliteCustomerRepo::WriteTags(core::Id id, const std::vector<std::string>& tags,
                                           bool replace) {
  if (replace) {
    auto del = conn_.Prepare("DELETE FROM customer_tags WHERE customer_id = ?1");
    if (!del) return Fail(del.error());
    del->Bind(1, id);
    if (auto st = del->Run(); !st) return st;
  }
  for (const auto& tag : tags) {
    auto ins = conn_.Prepare("INSERT OR IGNORE INTO customer_tags (tag, customer_id) VALUES (?1, ?2)");
    if (!ins) return Fail(ins.error());
    ins->Bind(1, std::string_view(tag)).Bind(2, id);
    if (auto st = ins->Run(); !st) return st;
  }
  return {};
}

core::Result<std::optional<Customer>> SqliteCustomerRepo::Find(core::Id id,
                                                              const domain::CustomerScope& scope) {
  std::string sql = std::string("SELECT ") + kCustomerColumns + " FROM customers c WHERE c.id = ?1";
  if (scope.user_id) sql += std::string(" AND ") + ScopeCondition(scope, "?2", "?3");
  auto s = conn_.Prepare(sql);
  if (!s) return Fail(s.error());
  s->Bind(1, id);
  if (scope.user_id) {
    s->Bind(2, *scope.user_id);
    if (scope.team) s->Bind(3, *scope.team);
  }
  auto row = s->Step();
  if (!row) return Fail(row.error());
  if (!*row) return std::optional<Customer>{};
  return std::optional<Customer>{ReadCustomer(*s)};
}

core::Status SqliteCustomerRepo::Update(const Customer& c) {
  auto s = conn_.Prepare(
      "UPDATE customers SET kind = ?1, name = ?2, sort_name = ?3, search_text = ?4, "
      "company_id = ?5, email = ?6, phone = ?7, time_zone = ?8, source = ?9, street = ?10, "
      "city = ?11, region = ?12, postal_code = ?13, country = ?14, owner_id = ?15, "
      "acquisition_cost_cents = ?16, tags = ?17, custom = ?18, expectations = ?19, "
      "preferences = ?20, idiosyncrasies = ?21, stage = ?22, stage_changed_at = ?23, "
      "created_at = ?24, updated_at = ?25, archived_at = ?26, version = ?27 WHERE id = ?28");
  if (!s) return Fail(s.error());
  BindCustomer(*s, c);
  s->Bind(27, c.version).Bind(28, c.id);
  if (auto st = s->Run(); !st) return st;
  if (sqlite3_changes(conn_.handle()) != 1)
    return Fail(core::Error::NotFound("customer " + core::FormatId(c.id) + " not found"));
  return WriteTags(c.id, c.tags, /*replace=*/true);
}

core::Status SqliteCustomerRepo::UpdateStage(const Customer& c) {
  auto s = conn_.Prepare(
      "UPDATE customers SET stage = ?1, stage_changed_at = ?2, updated_at = ?3, version = ?4 WHERE id = ?5");
  if (!s) return Fail(s.error());
  s->Bind(1, domain::StageName(c.stage)).Bind(2, c.stage_changed_at.ms).Bind(3, c.updated_at.ms).Bind(4, c.version).Bind(5, c.id);
  if (auto st = s->Run(); !st) return st;
  if (sqlite3_changes(conn_.handle()) != 1)
    return Fail(core::Error::NotFound("customer " + core::FormatId(c.id) + " not found"));
  return {};
}

core::Result<std::vector<Customer>> SqliteCustomerRepo::List(const CustomerQuery& q) {
  std::vector<Param> params;
  auto param = [&](Param p) {
    params.push_back(std::move(p));
    std::string placeholder = "?";  // built in two steps: GCC 12 warns falsely on "?" + string
    placeholder += std::to_string(params.size());
    return placeholder;
  };

  SearchMode mode = SearchMode::kNone;
  if (q.q && !q.q->empty()) {
    mode = SearchMode::kScanInOrder;
    if (core::CodepointCount(*q.q) >= 3) {
      auto count = conn_.Prepare(
          "SELECT count(*) FROM (SELECT 1 FROM customer_search WHERE customer_search MATCH ?1 "
          "LIMIT " + std::to_string(kSearchDriveThreshold) + ")");
      if (!count) return Fail(count.error());
      count->Bind(1, FtsPhrase(*q.q));
      auto row = count->Step();
      if (!row) return Fail(row.error());
      if (count->Int(0) < kSearchDriveThreshold) mode = SearchMode::kDriveFromIndex;
    }
  }

  // By name, one owner's rows come in order from customers_owner_name: nothing to choose.
  bool scope_by_owner = true;
  if (q.scope.user_id && mode != SearchMode::kDriveFromIndex && !q.owner_id &&
      (q.scope.team || q.sort.field != CustomerSortField::kName)) {
    auto count = conn_.Prepare(
        "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE " + ScopeCondition(q.scope, "?1", "?2") +
        " LIMIT " + std::to_string(kScopeDriveThreshold) + ")");
    if (!count) return Fail(count.error());
    count->Bind(1, *q.scope.user_id);
    if (q.scope.team) count->Bind(2, *q.scope.team);
    auto row = count->Step();
    if (!row) return Fail(row.error());
    scope_by_owner = count->Int(0) < kScopeDriveThreshold;
  }

  std::string sql = std::string("SELECT ") + kCustomerColumns;
  std::vector<std::string> where;
  if (mode == SearchMode::kDriveFromIndex) {
    // CROSS JOIN keeps the search index as the outer loop: few matches, then sort them.
    sql += " FROM customer_search f CROSS JOIN customers c ON c.id = f.rowid";
    where.push_back("f.customer_search MATCH " + param({std::nullopt, FtsPhrase(*q.q)}));
  } else {
    sql += " FROM customers c";
    if (mode == SearchMode::kScanInOrder)
      where.push_back("instr(c.search_text, " + param({std::nullopt, *q.q}) + ") > 0");
  }
  if (!q.include_archived) where.push_back("c.archived_at IS NULL");
  if (q.stage) where.push_back("c.stage = " + param({std::nullopt, std::string(domain::StageName(*q.stage))}));
  if (q.owner_id) where.push_back("c.owner_id = " + param({*q.owner_id, {}}));
  if (q.source) where.push_back("c.source = " + param({std::nullopt, *q.source}));
  if (q.kind) where.push_back("c.kind = " + param({std::nullopt, std::string(domain::CustomerKindName(*q.kind))}));
  if (q.company_id) where.push_back("c.company_id = " + param({*q.company_id, {}}));
  if (q.tag)
    where.push_back("c.id IN (SELECT customer_id FROM customer_tags WHERE tag = " +
                    param({std::nullopt, *q.tag}) + ")");
  if (q.scope.user_id) {
    const std::string user = param({*q.scope.user_id, {}});
    const std::string team = q.scope.team ? param({std::nullopt, *q.scope.team}) : std::string();
    where.push_back(ScopeCondition(q.scope, user, team, scope_by_owner));
  }

  const std::string col = CustomerSortColumn(q.sort.field);
  const char* dir = q.sort.descending ? " DESC" : "";
  if (q.after) {
    Param value = q.sort.field == CustomerSortField::kName
                      ? Param{std::nullopt, q.after->text_value}
                      : Param{q.after->int_value, {}};
    where.push_back("(" + col + ", c.id) " + (q.sort.descending ? "<" : ">") + " (" +
                    param(std::move(value)) + ", " + param({q.after->id, {}}) + ")");
  }
  for (std::size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY " + col + dir + ", c.id" + dir + " LIMIT " + std::to_string(q.limit + 1);

  auto s = conn_.Prepare(sql);
  if (!s) return Fail(s.error());
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int pos = static_cast<int>(i + 1);
    if (params[i].i) s->Bind(pos, *params[i].i);
    else s->Bind(pos, std::string_view(params[i].s));
  }
  std::vector<Customer> out;
  for (;;) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    out.push_back(ReadCustomer(*s));
  }
  return out;
}

// Two grouped scans of the partial index customers_board (stage, owner_id, id): the counts, then
// the value of the ordered stages only (before the first order a customer has no revenue, by the
// lifecycle rules). The scope is written +c.owner_id so SQLite keeps to that narrow index instead
// of fetching wide rows by owner, and the value reads the covering index customer_scores_value
// (INDEXED BY: SQLite would otherwise fetch whole score rows by their primary key).
core::Result<std::vector<domain::StageCount>> SqliteCustomerRepo::StageCounts(const CustomerQuery& q) {
  std::vector<Param> params;
  auto param = [&](Param p) {
    params.push_back(std::move(p));
    std::string placeholder = "?";
    placeholder += std::to_string(params.size());
    return placeholder;
  };
  std::vector<std::string> where{"c.archived_at IS NULL"};
  if (q.owner_id) where.push_back("c.owner_id = " + param({*q.owner_id, {}}));
  if (q.source) where.push_back("c.source = " + param({std::nullopt, *q.source}));
  if (q.tag)
    where.push_back("c.id IN (SELECT customer_id FROM customer_tags WHERE tag = " +
                    param({std::nullopt, *q.tag}) + ")");
  if (q.q && !q.q->empty()) {
    if (core::CodepointCount(*q.q) >= 3)
      where.push_back("c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH " +
                      param({std::nullopt, FtsPhrase(*q.q)}) + ")");
    else
      where.push_back("instr(c.search_text, " + param({std::nullopt, *q.q}) + ") > 0");
  }
  if (q.scope.user_id) {
    const std::string user = param({*q.scope.user_id, {}});
    const std::string team = q.scope.team ? param({std::nullopt, *q.scope.team}) : std::string();
    where.push_back(ScopeCondition(q.scope, user, team, /*owner_index=*/false));
  }
  std::string cond;
  for (const auto& w : where) cond += (cond.empty() ? "" : " AND ") + w;
  std::map<std::string, domain::StageCount> by_stage;
  auto run = [&](const std::string& sql, bool value) -> core::Status {
    auto s = conn_.Prepare(sql);
    if (!s) return Fail(s.error());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int pos = static_cast<int>(i + 1);
      if (params[i].i) s->Bind(pos, *params[i].i);
      else s->Bind(pos, std::string_view(params[i].s));
    }
    for (;;) {
      auto row = s->Step();
      if (!row) return Fail(row.error());
      if (!*row) break;
      auto& c = by_stage[s->Text(0)];
      if (value) c.value_cents = s->Int(1);
      else c.count = s->Int(1);
    }
    return {};
  };
  if (auto st = run("SELECT c.stage, COUNT(*) FROM customers c WHERE " + cond + " GROUP BY c.stage", false); !st)
    return Fail(st.error());
  if (auto st = run("SELECT c.stage, COALESCE(SUM(sc.historical_value_cents), 0) FROM customers c "
                    "JOIN customer_scores sc INDEXED BY customer_scores_value ON sc.customer_id = c.id WHERE " +
                        cond + " AND c.stage IN ('order', 'romance', 'churned') GROUP BY c.stage",
                    true);
      !st)
    return Fail(st.error());
  std::vector<domain::StageCount> out;
  for (auto& [name, c] : by_stage) {
    auto stage = domain::ParseStage(name);
    if (!stage) continue;
    c.stage = *stage;
    out.push_back(c);
  }
  return out;
}

core::Result<std::vector<core::Id>> SqliteCustomerRepo::ReassignOwner(core::Id from, core::Id to,
                                                                     core::Timestamp at) {
  auto s = conn_.Prepare(
      "UPDATE customers SET owner_id = ?2, version = version + 1, updated_at = ?3 "
      "WHERE owner_id = ?1 RETURNING id");
  if (!s) return Fail(s.error());
  s->Bind(1, from).Bind(2, to).Bind(3, at.ms);
  std::vector<core::Id> ids;
  for (;;) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    ids.push_back(s->Int(0));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

core::Status SqliteCustomerRepo::RedactTransitionReasons(core::Id customer_id,
                                                        std::string_view replacement) {
  auto s = conn_.Prepare(
      "UPDATE stage_transitions SET reason = ?2 WHERE customer_id = ?1 AND reason IS NOT NULL");
  if (!s) return Fail(s.error());
  s->Bind(1, customer_id).Bind(2, replacement);
  return s->Run();
}

core::Status SqliteCustomerRepo::AppendTransitions(std::span<domain::StageTransition> ts) {
  for (auto& t : ts) {
    auto s = conn_.Prepare(
        "INSERT INTO stage_transitions (customer_id, from_stage, to_stage, at, by_user, reason, "
        "competitor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s) return Fail(s.error());
    s->Bind(1, t.customer_id)
        .Bind(2, domain::StageName(t.from))
        .Bind(3, domain::StageName(t.to))
        .Bind(4, t.at.ms)
        .Bind(5, t.by)
        .Bind(6, t.reason)
        .Bind(7, t.competitor);
    if (auto st = s->Run(); !st) return st;
    t.id = conn_.LastInsertId();
  }
  return {};
}

core::Result<std::vector<domain::StageTransition>> SqliteCustomerRepo::History(
    core::Id customer_id, core::Id after_id, int limit) {
  auto s = conn_.Prepare(
      "SELECT id, customer_id, from_stage, to_stage, at, by_user, reason, competitor "
      "FROM stage_transitions WHERE customer_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
  if (!s) return Fail(s.error());
  s->Bind(1, customer_id).Bind(2, after_id).Bind(3, static_cast<std::int64_t>(limit));
  std::vector<domain::StageTransition> out;
  for (;;) {
    auto row = s->Step();
    if (!row) return Fail(row.error());
    if (!*row) break;
    domain::StageTransition t;
    t.id = s->Int(0);
    t.customer_id = s->Int(1);
    t.from = domain::ParseStage(s->Text(2)).value_or(domain::Stage::kContact);
    t.to = domain::ParseStage(s->Text(3)).value_or(domain::Stage::kContact);
    t.at = {s->Int(4)};
    t.by = s->Int(5);
    t.reason = s->OptText(6);
    t.competitor = s->OptText(7);
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace rapport::store::sqlite
