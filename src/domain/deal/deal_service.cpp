#include "domain/deal/deal_service.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/deal/deal_repo.hpp"
#include "domain/order/order_service.hpp"
#include "domain/product/product_repo.hpp"
#include "domain/product/product_service.hpp"
#include "domain/user/user_repo.hpp"

namespace rapport::domain {
namespace {

core::Error DealNotFound(Id id) { return core::Error::NotFound("deal " + core::FormatId(id) + " not found"); }

core::Result<Deal> FindVisibleDeal(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Deals().Find(id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(DealNotFound(id));
  return std::move(**found);
}

void CheckText(std::map<std::string, std::string>& errors, const char* field, const std::string& v,
               std::size_t max_len) {
  if (!core::IsValidUtf8(v)) errors[field] = "must be valid UTF-8";
  else if (core::Trim(v).empty()) errors[field] = "must not be empty";
  else if (core::CodepointCount(v) > max_len) errors[field] = "too long: at most " + std::to_string(max_len) + " characters";
}

// Applies `in` to `d`, pricing lines from the catalogue; every bad field at once.
core::Status ApplyDealInput(Txn& txn, const Actor& actor, const DealInput& in, bool creating, Deal& d) {
  std::map<std::string, std::string> errors = in.decode_errors;
  if (creating && !(in.customer_id && *in.customer_id) && !errors.contains("customer_id")) errors["customer_id"] = "required";
  if (creating && !(in.title && *in.title) && !errors.contains("title")) errors["title"] = "required";
  if (!creating && in.customer_id) errors["customer_id"] = "cannot be changed: create a deal for the other customer";
  if (in.currency && in.currency != d.currency) errors["currency"] = "must be the workspace currency " + d.currency;
  if (creating && in.customer_id && *in.customer_id) {
    auto c = txn.Customers().Find(**in.customer_id, CustomerScope::For(actor));
    if (!c) return core::Fail(c.error());
    if (!*c) errors["customer_id"] = "no customer with this id";
    else if ((*c)->archived_at) errors["customer_id"] = "customer " + core::FormatId(**in.customer_id) + " is archived";
    else {
      d.customer_id = (*c)->id;
      if (!in.owner_id) d.owner_id = (*c)->owner_id;
    }
  }
  if (in.owner_id) {
    if (!*in.owner_id) errors["owner_id"] = "must not be null";
    else {
      auto u = txn.Users().Find(**in.owner_id);
      if (!u) return core::Fail(u.error());
      if (!*u || !(*u)->active) errors["owner_id"] = "no active user with this id";
      else if (**in.owner_id != actor.user_id && !actor.SeesAllCustomers() && **in.owner_id != d.owner_id)
        errors["owner_id"] = "only managers and admins may give a deal to another user";
      else d.owner_id = **in.owner_id;
    }
  }
  if (in.title) {
    if (!*in.title) errors["title"] = "must not be null";
    else { CheckText(errors, "title", **in.title, 200); d.title = core::Trim(**in.title); }
  }
  if (in.expected_close_date) d.expected_close_date = *in.expected_close_date;
  if (in.competitor) {
    if (*in.competitor) { CheckText(errors, "competitor", **in.competitor, 200); d.competitor = core::Trim(**in.competitor); }
    else d.competitor.reset();
  }
  if (in.margin_cents) d.margin_cents = *in.margin_cents;
  if (in.lines) {
    d.lines.clear();
    const auto& lines = in.lines->value_or(std::vector<DealLineInput>{});
    if (lines.size() > 200) errors["lines"] = "at most 200 lines";
    for (std::size_t i = 0; i < lines.size() && i < 200; ++i) {
      const std::string at = "lines[" + std::to_string(i) + "]";
      const auto& li = lines[i];
      if (!li.product_id) { errors[at + ".product_id"] = "required"; continue; }
      auto p = txn.Products().Find(*li.product_id);
      if (!p) return core::Fail(p.error());
      if (!*p) { errors[at + ".product_id"] = "no product with id " + core::FormatId(*li.product_id); continue; }
      DealLine line{*li.product_id, li.quantity.value_or(1), li.unit_price_cents.value_or((*p)->price_cents)};
      if (line.quantity < 1 || line.quantity > 1'000'000) { errors[at + ".quantity"] = "must be from 1 to 1000000"; continue; }
      if (line.unit_price_cents < 0) { errors[at + ".unit_price_cents"] = "must be 0 or more"; continue; }
      d.lines.push_back(line);
    }
  }
  if (!d.lines.empty()) {
    std::int64_t sum = 0;
    for (const auto& l : d.lines) sum += l.quantity * l.unit_price_cents;
    if (in.amount_cents && *in.amount_cents && **in.amount_cents != sum && !errors.contains("amount_cents"))
      errors["amount_cents"] = "does not match the lines (" + std::to_string(sum) + "): leave it out to use the lines' sum";
    d.amount_cents = sum;
  } else if (in.amount_cents) {
    if (!*in.amount_cents) errors["amount_cents"] = "must not be null";
    else d.amount_cents = **in.amount_cents;
  } else if (creating && !errors.contains("amount_cents")) {
    errors["amount_cents"] = "required when the deal has no lines";
  }
  if (!errors.contains("amount_cents") && (d.amount_cents < 0 || d.amount_cents > 1'000'000'000'000))
    errors["amount_cents"] = "must be from 0 to 1000000000000";
  if (d.margin_cents && !errors.contains("margin_cents") && (*d.margin_cents < 0 || *d.margin_cents > d.amount_cents))
    errors["margin_cents"] = "must be from 0 to the amount (" + std::to_string(d.amount_cents) + ")";
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return {};
}

core::Status AuditDeal(Txn& txn, const Actor& actor, Timestamp at, const char* action, const Deal& d,
                       std::vector<FieldChange> changes, std::optional<std::string> detail = std::nullopt) {
  AuditEntry e = NewAuditEntry(actor, at, action, "deal", d.id);
  e.customer_id = d.customer_id;
  e.changes = std::move(changes);
  e.detail = std::move(detail);
  return txn.Audit().Append(e);
}

std::vector<FieldChange> DealChanges(const Deal* b, const Deal& a) {
  std::vector<FieldChange> out;
  auto add = [&](const char* f, std::optional<std::string> before, std::optional<std::string> after) {
    if (before != after) out.push_back({f, std::move(before), std::move(after)});
  };
  auto txt = [](const std::optional<std::string>& v) { return v ? std::optional<std::string>(AuditText(*v)) : std::nullopt; };
  auto date = [](const std::optional<core::Date>& v) { return v ? std::optional<std::string>(AuditText(core::FormatDate(*v))) : std::nullopt; };
  add("title", b ? std::optional(AuditText(b->title)) : std::nullopt, AuditText(a.title));
  add("amount_cents", b ? std::optional(AuditInt(b->amount_cents)) : std::nullopt, AuditInt(a.amount_cents));
  add("owner_id", b ? std::optional(AuditText(core::FormatId(b->owner_id))) : std::nullopt, AuditText(core::FormatId(a.owner_id)));
  add("expected_close_date", b ? date(b->expected_close_date) : std::nullopt, date(a.expected_close_date));
  add("stage", b ? std::optional(AuditText(DealStageName(b->stage))) : std::nullopt, AuditText(DealStageName(a.stage)));
  add("competitor", b ? txt(b->competitor) : std::nullopt, txt(a.competitor));
  add("lost_reason", b ? txt(b->lost_reason) : std::nullopt, txt(a.lost_reason));
  return out;
}

}  // namespace

Pipeline ComputePipeline(const PipelineFigures& figures, Timestamp now) {
  Pipeline p;
  for (DealStage s : {DealStage::kProposal, DealStage::kNegotiation, DealStage::kWon, DealStage::kLost}) {
    PipelineStage ps;
    ps.stage = s;
    ps.probability_percent = WinProbabilityPercent(s);
    for (const auto& f : figures.stages) {
      if (f.stage != s) continue;
      ps.count = f.count;
      ps.amount_cents = f.amount_cents;
      ps.weighted_cents = f.weighted_cents;
      if (f.middle.empty()) break;
      double sum = 0;
      for (std::int64_t basis : f.middle) {
        const std::int64_t age_ms = IsOpen(s) ? now.ms - basis : basis;
        sum += static_cast<double>(std::max<std::int64_t>(0, age_ms)) / core::kMsPerDay;
      }
      ps.median_age_days = sum / static_cast<double>(f.middle.size());
    }
    p.stages.push_back(ps);
  }
  std::vector<MonthFigures> months = figures.forecast;
  std::sort(months.begin(), months.end(), [](const auto& a, const auto& b) {
    if (a.month.empty() != b.month.empty()) return b.month.empty();  // unscheduled last
    return a.month < b.month;
  });
  for (const auto& m : months) p.forecast.push_back({m.month, m.count, m.amount_cents, m.weighted_cents});
  return p;
}

core::Result<Deal> DealService::Create(const Actor& actor, const DealInput& input) {
  const Timestamp now = clock_.Now();
  return WriteValue<Deal>(store_, [&](Txn& txn) -> core::Result<Deal> {
    Deal d;
    d.currency = currency_;
    d.owner_id = actor.user_id;
    if (auto st = ApplyDealInput(txn, actor, input, true, d); !st) return core::Fail(st.error());
    if (d.owner_id == 0) return core::Fail(core::Error::Invalid("owner_id", "required when not signed in as a user"));
    d.created_at = d.updated_at = d.stage_changed_at = now;
    auto id = txn.Deals().Insert(d);
    if (!id) return core::Fail(id.error());
    d.id = *id;
    if (auto st = AuditDeal(txn, actor, now, "deal.create", d, DealChanges(nullptr, d)); !st) return core::Fail(st.error());
    return d;
  });
}

core::Result<Deal> DealService::Get(const Actor& actor, Id id) {
  return ReadValue<Deal>(store_, [&](Txn& txn) { return FindVisibleDeal(txn, actor, id); });
}

core::Result<Deal> DealService::Update(const Actor& actor, Id id, const DealInput& input,
                                       std::optional<std::int64_t> expected_version) {
  const Timestamp now = clock_.Now();
  return WriteValue<Deal>(store_, [&](Txn& txn) -> core::Result<Deal> {
    auto d = FindVisibleDeal(txn, actor, id);
    if (!d) return core::Fail(d.error());
    if (expected_version && *expected_version != d->version) return core::Fail(StaleVersion("deal", id, d->version));
    if (!IsOpen(d->stage))
      return core::Fail(core::Error::Conflict("deal " + core::FormatId(id) + " is " + std::string(DealStageName(d->stage)) +
                                              ": re-open it before editing"));
    const Deal before = *d;
    if (auto st = ApplyDealInput(txn, actor, input, false, *d); !st) return core::Fail(st.error());
    auto changes = DealChanges(&before, *d);
    const bool lines_changed = input.lines.has_value();
    if (changes.empty() && !lines_changed && before.margin_cents == d->margin_cents) return *d;
    d->updated_at = now;
    ++d->version;
    if (auto st = txn.Deals().Update(*d); !st) return core::Fail(st.error());
    if (auto st = AuditDeal(txn, actor, now, "deal.update", *d, std::move(changes)); !st) return core::Fail(st.error());
    return *d;
  });
}

core::Result<DealPage> DealService::List(const Actor& actor, DealQuery query, std::optional<std::string_view> cursor) {
  auto before = DecodeIdCursor(cursor);
  if (!before) return core::Fail(before.error());
  query.before_id = *before;
  query.scope = CustomerScope::For(actor);
  auto rows = ReadValue<std::vector<Deal>>(store_, [&](Txn& txn) { return txn.Deals().List(query); });
  if (!rows) return core::Fail(rows.error());
  return PageOf(std::move(*rows), query.limit);
}

core::Result<DealStageResult> DealService::ChangeStage(const Actor& actor, Id id, const DealStageRequest& raw) {
  DealStageRequest r = raw;
  for (auto* field : {&r.lost_reason, &r.competitor}) {
    if (!*field) continue;
    if (!core::IsValidUtf8(**field)) return core::Fail(core::Error::Invalid(field == &r.lost_reason ? "lost_reason" : "competitor", "must be valid UTF-8"));
    **field = core::Trim(**field);
    if ((*field)->empty()) field->reset();
    else if (core::CodepointCount(**field) > 500)
      return core::Fail(core::Error::Invalid(field == &r.lost_reason ? "lost_reason" : "competitor", "too long: at most 500 characters"));
  }
  const Timestamp now = clock_.Now();
  return WriteValue<DealStageResult>(store_, [&](Txn& txn) -> core::Result<DealStageResult> {
    auto d = FindVisibleDeal(txn, actor, id);
    if (!d) return core::Fail(d.error());
    if (auto st = CheckDealStageMove(*d, r); !st) return core::Fail(st.error());
    const Deal before = *d;
    DealStageResult result;
    d->stage = r.target;
    d->stage_changed_at = d->updated_at = now;
    ++d->version;
    if (r.target == DealStage::kLost) {
      d->lost_reason = r.lost_reason;
      if (r.competitor) d->competitor = r.competitor;
      d->closed_at = now;
    } else if (r.target == DealStage::kWon) {
      d->closed_at = now;
      OrderInput in;
      in.customer_id = d->customer_id;
      in.amount_cents = d->amount_cents;
      if (d->lines.empty()) in.margin_cents = d->margin_cents;
      for (const auto& l : d->lines) in.lines.push_back({l.product_id, l.quantity, l.unit_price_cents, std::nullopt});
      if (!d->lines.empty()) in.amount_cents.reset();
      auto built = BuildOrder(txn, in, currency_, now);
      if (!built) return core::Fail(built.error());
      built->deal_id = d->id;
      built->channel = "deal";
      auto placed = PlaceOrder(txn, actor, std::move(*built), now);
      if (!placed) return core::Fail(placed.error());
      d->order_id = placed->id;
      result.order = std::move(*placed);
    } else {  // re-opened or moved between open stages
      d->lost_reason.reset();
      d->closed_at.reset();
    }
    if (auto st = txn.Deals().Update(*d); !st) return core::Fail(st.error());
    if (auto st = AuditDeal(txn, actor, now, "deal.stage", *d, DealChanges(&before, *d)); !st) return core::Fail(st.error());
    auto customer = txn.Customers().Find(d->customer_id, CustomerScope::Everyone());
    if (!customer) return core::Fail(customer.error());
    if (*customer) {
      result.customer = **customer;
      if (r.target == DealStage::kLost && IsPreOrder((*customer)->stage)) {
        auto open = txn.Deals().CountOpen(d->customer_id, d->id);
        if (!open) return core::Fail(open.error());
        result.suggest_customer_lost = *open == 0;
      }
    }
    result.deal = std::move(*d);
    return result;
  });
}

core::Result<Pipeline> DealService::PipelineFigures(const Actor& actor, std::optional<Id> owner_id) {
  const Timestamp now = clock_.Now();
  // A rep's pipeline is their own deals unless they ask for a teammate's (owner_id): a team's
  // whole book is a manager's view, and reading it deal by deal through the customers' owners
  // is slow on a large book.
  if (!owner_id && !actor.SeesAllCustomers() && actor.user_id) owner_id = actor.user_id;
  auto figures = ReadValue<domain::PipelineFigures>(
      store_, [&](Txn& txn) { return txn.Deals().Figures(CustomerScope::For(actor), owner_id); });
  if (!figures) return core::Fail(figures.error());
  return ComputePipeline(*figures, now);
}

}  // namespace rapport::domain
