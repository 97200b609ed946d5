#include "domain/care/feedback_service.hpp"

#include <charconv>

#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/care/case_repo.hpp"
#include "domain/care/case_service.hpp"
#include "domain/customer/customer_service.hpp"
#include "domain/order/order_repo.hpp"
#include "domain/product/product_repo.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

constexpr const char* kOpensCaseKey = "care.detractor_opens_case";
constexpr const char* kDetractorMaxKey = "care.detractor_max_score";
constexpr const char* kCsatMaxKey = "care.csat_max_score";

core::Error FeedbackNotFound(Id id) { return core::Error::NotFound("feedback " + core::FormatId(id) + " not found"); }

core::Result<Feedback> FindVisibleFeedback(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Feedback().Find(id);
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(FeedbackNotFound(id));
  if (auto c = FindVisibleCustomer(txn, actor, (*found)->customer_id); !c) return core::Fail(FeedbackNotFound(id));
  return std::move(**found);
}

// Checks that the order, case and product named exist and belong to the customer.
core::Status CheckLinks(Txn& txn, const Feedback& f, std::map<std::string, std::string>& errors) {
  if (f.order_id) {
    auto o = txn.Orders().Find(*f.order_id, CustomerScope::Everyone());
    if (!o) return core::Fail(o.error());
    if (!*o || (*o)->customer_id != f.customer_id) errors.emplace("order_id", "no order " + core::FormatId(*f.order_id) + " of this customer");
  }
  if (f.case_id) {
    auto k = txn.Cases().Find(*f.case_id, CustomerScope::Everyone());
    if (!k) return core::Fail(k.error());
    if (!*k || (*k)->customer_id != f.customer_id) errors.emplace("case_id", "no case " + core::FormatId(*f.case_id) + " of this customer");
  }
  if (f.product_id) {
    auto p = txn.Products().Find(*f.product_id);
    if (!p) return core::Fail(p.error());
    if (!*p) errors.emplace("product_id", "no product " + core::FormatId(*f.product_id));
  }
  return {};
}

CaseInput DetractorCase(const Feedback& f, std::string_view customer_name) {
  CaseInput in;
  in.customer_id = std::optional<Id>(f.customer_id);
  const std::string what = f.kind == FeedbackKind::kNps ? "NPS " : "CSAT ";
  in.title = std::optional<std::string>(what + std::to_string(f.score.value_or(0)) + " from " + std::string(customer_name));
  if (f.comment) in.description = std::optional<std::string>(*f.comment);
  // The angriest answers get a faster response.
  const bool severe = (f.kind == FeedbackKind::kNps && f.score.value_or(10) <= 3) || (f.kind == FeedbackKind::kCsat && f.score.value_or(5) <= 1);
  in.severity = std::optional<std::string>(severe ? "high" : "normal");
  in.channel = std::optional<std::string>("survey");
  if (f.order_id) in.order_id = std::optional<Id>(*f.order_id);
  return in;
}

std::optional<int> StoredInt(SettingsRepo& s, const char* key) {
  auto v = s.Get(key);
  if (!v || !*v) return std::nullopt;
  int out = 0;
  auto [p, ec] = std::from_chars((*v)->data(), (*v)->data() + (*v)->size(), out);
  if (ec != std::errc()) return std::nullopt;
  return out;
}

FeedbackGrouping GroupingOf(FeedbackFigureBy by) {
  switch (by) {
    case FeedbackFigureBy::kTotal: return FeedbackGrouping::kNone;
    case FeedbackFigureBy::kMonth: return FeedbackGrouping::kDay;
    case FeedbackFigureBy::kOwner: return FeedbackGrouping::kOwner;
    case FeedbackFigureBy::kProduct: return FeedbackGrouping::kProduct;
    case FeedbackFigureBy::kSource: return FeedbackGrouping::kSource;
    case FeedbackFigureBy::kStage: return FeedbackGrouping::kStage;
  }
  return FeedbackGrouping::kNone;
}

void AddScores(FeedbackFigureGroup& g, FeedbackKind kind, const std::array<int, 11>& by_score) {
  for (int s = 0; s <= 10; ++s) {
    const int n = by_score[static_cast<std::size_t>(s)];
    g.responses += n;
    if (kind == FeedbackKind::kNps)
      for (int i = 0; i < n; ++i) g.nps.Add(s);
  }
}

void FinishCsat(FeedbackFigureGroup& g, const std::array<int, 11>& by_score) {
  std::int64_t sum = 0, satisfied = 0, n = 0;
  for (int s = 1; s <= 5; ++s) {
    const int c = by_score[static_cast<std::size_t>(s)];
    sum += static_cast<std::int64_t>(s) * c;
    n += c;
    if (s >= 4) satisfied += c;
  }
  if (n == 0) return;
  g.csat_average = static_cast<double>(sum) / static_cast<double>(n);
  g.csat_satisfied_share = static_cast<double>(satisfied) / static_cast<double>(n);
}

}  // namespace

std::optional<FeedbackFigureBy> ParseFeedbackFigureBy(std::string_view name) {
  if (name == "total") return FeedbackFigureBy::kTotal;
  if (name == "month") return FeedbackFigureBy::kMonth;
  if (name == "owner") return FeedbackFigureBy::kOwner;
  if (name == "product") return FeedbackFigureBy::kProduct;
  if (name == "source") return FeedbackFigureBy::kSource;
  if (name == "stage") return FeedbackFigureBy::kStage;
  return std::nullopt;
}

FeedbackFigures BuildFeedbackFigures(FeedbackKind kind, FeedbackFigureBy by, const std::vector<FeedbackGroupRow>& rows) {
  FeedbackFigures out;
  out.kind = kind;
  std::map<std::string, std::array<int, 11>> merged;
  for (const auto& r : rows) {
    std::string key = r.key;
    if (by == FeedbackFigureBy::kMonth) {
      int day = 0;
      std::from_chars(r.key.data(), r.key.data() + r.key.size(), day);
      key = core::FormatMonth(core::Date{day});
    }
    auto& m = merged[key];
    for (std::size_t s = 0; s < 11; ++s) m[s] += r.by_score[s];
  }
  for (const auto& [key, scores] : merged) {
    FeedbackFigureGroup g;
    g.key = key;
    AddScores(g, kind, scores);
    if (kind == FeedbackKind::kCsat) FinishCsat(g, scores);
    if (by != FeedbackFigureBy::kTotal) out.groups.push_back(std::move(g));
  }
  return out;
}

CareSettings ReadCareSettings(SettingsRepo& s) {
  CareSettings out;
  if (auto v = s.Get(kOpensCaseKey); v && *v) out.detractor_opens_case = **v == "true";
  if (auto v = StoredInt(s, kDetractorMaxKey)) out.detractor_max_score = *v;
  if (auto v = StoredInt(s, kCsatMaxKey)) out.csat_max_score = *v;
  return out;
}

core::Result<SubmittedFeedback> FeedbackService::Submit(const Actor& actor, const FeedbackInput& in) {
  const Timestamp now = clock_.Now();
  auto built = BuildFeedback(in, actor.user_id, now);
  return WriteValue<SubmittedFeedback>(store_, [&](Txn& txn) -> core::Result<SubmittedFeedback> {
    std::map<std::string, std::string> errors;
    if (!built) {
      if (built.error().code != core::ErrorCode::kInvalidArgument) return core::Fail(built.error());
      errors = built.error().fields;
    }
    Feedback f = built ? *built : Feedback{};
    std::optional<Customer> customer;
    if (in.customer_id) {
      auto c = FindVisibleCustomer(txn, actor, *in.customer_id);
      if (!c) {
        if (c.error().code != core::ErrorCode::kNotFound) return core::Fail(c.error());
        errors.emplace("customer_id", "no customer " + core::FormatId(*in.customer_id) + " you can see");
      } else {
        customer = std::move(*c);
        f.customer_id = customer->id;
        f.owner_id = customer->owner_id;
      }
    }
    if (customer && built)
      if (auto st = CheckLinks(txn, f, errors); !st) return core::Fail(st.error());
    if (in.open_case && *in.open_case && in.case_id) errors.emplace("open_case", "feedback about case " + core::FormatId(*in.case_id) + " opens no other case");
    if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
    const bool open = in.open_case.value_or(OpensCase(ReadCareSettings(txn.Settings()), f));
    if (auto st = txn.Feedback().Insert(f); !st) return core::Fail(st.error());
    SubmittedFeedback out;
    if (open) {
      auto opened = OpenCase(txn, actor, DetractorCase(f, customer->name), now);
      if (!opened) return core::Fail(opened.error());
      opened->feedback_id = f.id;
      if (auto st = txn.Cases().Update(*opened); !st) return core::Fail(st.error());
      if (auto st = txn.Feedback().SetOpenedCase(f.id, opened->id); !st) return core::Fail(st.error());
      f.opened_case_id = opened->id;
      out.opened_case = std::move(*opened);
    }
    auto e = NewAuditEntry(actor, now, "feedback.create", "feedback", f.id);
    e.customer_id = f.customer_id;
    e.detail = std::string(FeedbackKindName(f.kind)) + (f.score ? " " + std::to_string(*f.score) : std::string()) +
               (f.opened_case_id ? ", opened case " + core::FormatId(*f.opened_case_id) : std::string());
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    out.feedback = std::move(f);
    return out;
  });
}

core::Result<Feedback> FeedbackService::Get(const Actor& actor, Id id) {
  return ReadValue<Feedback>(store_, [&](Txn& txn) { return FindVisibleFeedback(txn, actor, id); });
}

core::Result<FeedbackPage> FeedbackService::List(const Actor& actor, FeedbackQuery query, std::optional<std::string_view> cursor) {
  query.scope = CustomerScope::For(actor);
  auto before = DecodeIdCursor(cursor);
  if (!before) return core::Fail(before.error());
  query.before_id = *before;
  auto rows = ReadValue<std::vector<Feedback>>(store_, [&](Txn& txn) { return txn.Feedback().List(query); });
  if (!rows) return core::Fail(rows.error());
  return PageOf(std::move(*rows), query.limit);
}

core::Result<FeedbackFigures> FeedbackService::Figures(const Actor& actor, FeedbackKind kind, FeedbackFigureBy by,
                                                       std::optional<Timestamp> from, std::optional<Timestamp> to) {
  if (kind == FeedbackKind::kFree) return core::Fail(core::Error::Invalid("kind", "figures are for nps or csat answers"));
  FeedbackQuery q;
  q.scope = CustomerScope::For(actor);
  q.kind = kind;
  q.from = from;
  q.to = to;
  return ReadValue<FeedbackFigures>(store_, [&](Txn& txn) -> core::Result<FeedbackFigures> {
    auto rows = txn.Feedback().Groups(q, GroupingOf(by));
    if (!rows) return core::Fail(rows.error());
    // The total counts each answer once (by product, an order of several products is in several groups).
    auto totals = by == FeedbackFigureBy::kTotal ? rows : txn.Feedback().Groups(q, FeedbackGrouping::kNone);
    if (!totals) return core::Fail(totals.error());
    FeedbackFigures out = BuildFeedbackFigures(kind, by, *rows);
    std::array<int, 11> all{};
    for (const auto& r : *totals)
      for (std::size_t s = 0; s < 11; ++s) all[s] += r.by_score[s];
    AddScores(out.total, kind, all);
    if (kind == FeedbackKind::kCsat) FinishCsat(out.total, all);
    out.from = from;
    out.to = to;
    if (by == FeedbackFigureBy::kOwner) {
      auto users = txn.Users().List();
      if (!users) return core::Fail(users.error());
      for (auto& g : out.groups)
        for (const auto& u : *users)
          if (core::FormatId(u.id) == g.key) g.label = u.name;
    }
    if (by == FeedbackFigureBy::kProduct) {
      for (auto& g : out.groups) {
        Id id = 0;
        std::from_chars(g.key.data(), g.key.data() + g.key.size(), id);
        if (id == 0) continue;
        auto p = txn.Products().Find(id);
        if (!p) return core::Fail(p.error());
        if (*p) g.label = (*p)->name;
      }
    }
    return out;
  });
}

core::Result<CareSettings> FeedbackService::Settings() {
  return ReadValue<CareSettings>(store_, [&](Txn& txn) -> core::Result<CareSettings> { return ReadCareSettings(txn.Settings()); });
}

core::Result<CareSettings> FeedbackService::SetSettings(const Actor& actor, const CareSettingsInput& in) {
  if (actor.role == Role::kRep) return core::Fail(core::Error::Forbidden("only managers and admins may change the care settings"));
  std::map<std::string, std::string> errors = in.decode_errors;
  if (in.detractor_max_score && (*in.detractor_max_score < 0 || *in.detractor_max_score > 8))
    errors.emplace("detractor_max_score", "must be 0 to 8 (an NPS detractor answers 0 to 6)");
  if (in.csat_max_score && (*in.csat_max_score < 0 || *in.csat_max_score > 4))
    errors.emplace("csat_max_score", "must be 0 (never) to 4");
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  const Timestamp now = clock_.Now();
  return WriteValue<CareSettings>(store_, [&](Txn& txn) -> core::Result<CareSettings> {
    const CareSettings before = ReadCareSettings(txn.Settings());
    if (in.detractor_opens_case)
      if (auto st = txn.Settings().Set(kOpensCaseKey, *in.detractor_opens_case ? "true" : "false"); !st) return core::Fail(st.error());
    if (in.detractor_max_score)
      if (auto st = txn.Settings().Set(kDetractorMaxKey, std::to_string(*in.detractor_max_score)); !st) return core::Fail(st.error());
    if (in.csat_max_score)
      if (auto st = txn.Settings().Set(kCsatMaxKey, std::to_string(*in.csat_max_score)); !st) return core::Fail(st.error());
    const CareSettings after = ReadCareSettings(txn.Settings());
    auto e = NewAuditEntry(actor, now, "care.settings", "settings", std::nullopt);
    if (before.detractor_opens_case != after.detractor_opens_case)
      e.changes.push_back({"detractor_opens_case", AuditBool(before.detractor_opens_case), AuditBool(after.detractor_opens_case)});
    if (before.detractor_max_score != after.detractor_max_score)
      e.changes.push_back({"detractor_max_score", AuditInt(before.detractor_max_score), AuditInt(after.detractor_max_score)});
    if (before.csat_max_score != after.csat_max_score)
      e.changes.push_back({"csat_max_score", AuditInt(before.csat_max_score), AuditInt(after.csat_max_score)});
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return after;
  });
}

}  // namespace rapport::domain
