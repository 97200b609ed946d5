#include "store/common/common_repos.hpp"

namespace rapport::store {
namespace {

using core::Fail;

constexpr const char* kColumns =
    "f.id, f.customer_id, f.kind, f.score, f.comment, f.order_id, f.case_id, f.product_id, f.owner_id, f.at, f.user_id, "
    "f.opened_case_id, f.created_at";

domain::Feedback Read(const SqlRows& r, int i) {
  domain::Feedback f;
  f.id = r.Int(i, 0);
  f.customer_id = r.Int(i, 1);
  f.kind = domain::ParseFeedbackKind(r.Text(i, 2)).value_or(domain::FeedbackKind::kFree);
  if (auto s = r.OptInt(i, 3)) f.score = static_cast<int>(*s);
  f.comment = r.OptText(i, 4);
  f.order_id = r.OptInt(i, 5);
  f.case_id = r.OptInt(i, 6);
  f.product_id = r.OptInt(i, 7);
  f.owner_id = r.Int(i, 8);
  f.at = r.Time(i, 9);
  f.user_id = r.OptInt(i, 10);
  f.opened_case_id = r.OptInt(i, 11);
  f.created_at = r.Time(i, 12);
  return f;
}

std::vector<domain::Feedback> ReadAll(const SqlRows& r) {
  std::vector<domain::Feedback> out;
  for (int i = 0; i < r.Rows(); ++i) out.push_back(Read(r, i));
  return out;
}

// The conditions of `q` on feedback `f` (its customers' scope as a subquery: no join needed).
std::string Where(const domain::FeedbackQuery& q, SqlArgs& args) {
  std::string where = q.scope.user_id ? "f.customer_id IN " + ScopedCustomerIds(q.scope, args) : std::string("1 = 1");
  auto cmp = [&](const char* column, const char* op, SqlArg value) {
    where += std::string(" AND ") + column + op + NextParam(args);
    args.push_back(std::move(value));
  };
  if (q.customer_id) cmp("f.customer_id", " = ", *q.customer_id);
  if (q.owner_id) cmp("f.owner_id", " = ", *q.owner_id);
  if (q.kind) cmp("f.kind", " = ", domain::FeedbackKindName(*q.kind));
  if (q.from) cmp("f.at", " >= ", *q.from);
  if (q.to) cmp("f.at", " < ", *q.to);
  return where;
}

}  // namespace

core::Status SqlFeedbackRepo::Insert(domain::Feedback& f) {
  auto r = s_.Query(
      "INSERT INTO feedback (customer_id, kind, score, comment, order_id, case_id, product_id, owner_id, at, user_id, "
      "opened_case_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
      {f.customer_id, domain::FeedbackKindName(f.kind), f.score, f.comment, f.order_id, f.case_id, f.product_id, f.owner_id,
       f.at, f.user_id, f.opened_case_id, f.created_at});
  if (!r) return Fail(r.error());
  f.id = r->Int(0, 0);
  return {};
}

core::Result<std::optional<domain::Feedback>> SqlFeedbackRepo::Find(core::Id id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM feedback f WHERE f.id = $1", {id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Feedback>{};
  return std::optional<domain::Feedback>{Read(*r, 0)};
}

core::Result<std::vector<domain::Feedback>> SqlFeedbackRepo::FindMany(std::span<const core::Id> ids) {
  if (ids.empty()) return std::vector<domain::Feedback>{};
  SqlArgs args;
  const std::string in = IdList(ids, args);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM feedback f WHERE f.id IN (" + in + ") ORDER BY f.id", args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Status SqlFeedbackRepo::SetOpenedCase(core::Id feedback_id, core::Id case_id) {
  auto r = s_.Exec("UPDATE feedback SET opened_case_id = $2 WHERE id = $1", {feedback_id, case_id});
  if (!r) return Fail(r.error());
  return {};
}

core::Result<std::vector<domain::Feedback>> SqlFeedbackRepo::List(const domain::FeedbackQuery& q) {
  SqlArgs args;
  std::string where = Where(q, args);
  if (q.before_id) {
    where += " AND f.id < " + NextParam(args);
    args.emplace_back(q.before_id);
  }
  const std::string limit = NextParam(args);
  args.emplace_back(q.limit + 1);
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM feedback f WHERE " + where +
                        " ORDER BY f.id DESC LIMIT " + limit,
                    args);
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::Feedback>> SqlFeedbackRepo::OfCustomer(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns + " FROM feedback f WHERE f.customer_id = $1 ORDER BY f.id", {customer_id});
  if (!r) return Fail(r.error());
  return ReadAll(*r);
}

core::Result<std::vector<domain::FeedbackGroupRow>> SqlFeedbackRepo::Groups(const domain::FeedbackQuery& q,
                                                                           domain::FeedbackGrouping by) {
  SqlArgs args;
  const std::string where = Where(q, args);
  std::string key, from = " FROM feedback f";
  switch (by) {
    case domain::FeedbackGrouping::kNone: key = "''"; break;
    case domain::FeedbackGrouping::kDay: key = "CAST(f.at / 86400000 AS TEXT)"; break;  // days since 1970, folded into months by the caller
    case domain::FeedbackGrouping::kOwner: key = "CAST(f.owner_id AS TEXT)"; break;
    case domain::FeedbackGrouping::kSource:
      key = "COALESCE(c.source, '')";
      from += " JOIN customers c ON c.id = f.customer_id";
      break;
    case domain::FeedbackGrouping::kStage:
      key = "c.stage";
      from += " JOIN customers c ON c.id = f.customer_id";
      break;
    case domain::FeedbackGrouping::kProduct:
      // The product named on the answer, else each product of the order it is about.
      key = "CAST(COALESCE(f.product_id, l.product_id) AS TEXT)";
      from += " LEFT JOIN order_lines l ON f.product_id IS NULL AND l.order_id = f.order_id";
      break;
  }
  std::string sums;
  for (int s = 0; s <= 10; ++s) sums += ", SUM(CASE WHEN f.score = " + std::to_string(s) + " THEN 1 ELSE 0 END)";
  auto r = s_.Query("SELECT " + key + " AS k" + sums + from + " WHERE f.score IS NOT NULL AND " + where +
                        (by == domain::FeedbackGrouping::kNone ? "" : " GROUP BY " + key),
                    args);
  if (!r) return Fail(r.error());
  std::vector<domain::FeedbackGroupRow> out;
  for (int i = 0; i < r->Rows(); ++i) {
    domain::FeedbackGroupRow g;
    g.key = r->Text(i, 0);
    for (int s = 0; s <= 10; ++s) g.by_score[static_cast<std::size_t>(s)] = static_cast<int>(r->Int(i, s + 1));
    out.push_back(std::move(g));
  }
  return out;
}

core::Result<std::optional<domain::Feedback>> SqlFeedbackRepo::LatestNps(core::Id customer_id) {
  auto r = s_.Query(std::string("SELECT ") + kColumns +
                        " FROM feedback f WHERE f.customer_id = $1 AND f.kind = 'nps' ORDER BY f.at DESC, f.id DESC LIMIT 1",
                    {customer_id});
  if (!r) return Fail(r.error());
  if (r->Empty()) return std::optional<domain::Feedback>{};
  return std::optional<domain::Feedback>{Read(*r, 0)};
}

core::Status SqlFeedbackRepo::RedactCustomer(core::Id customer_id, std::string_view replacement) {
  auto r = s_.Exec("UPDATE feedback SET comment = $2 WHERE customer_id = $1 AND comment IS NOT NULL", {customer_id, replacement});
  if (!r) return Fail(r.error());
  return {};
}

}  // namespace rapport::store
