#include "domain/order/order_service.hpp"

#include <algorithm>

#include "core/random.hpp"  // Int128
#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/cadence/cadence_service.hpp"
#include "domain/customer/customer_audit.hpp"
#include "domain/customer/customer_repo.hpp"
#include "domain/loyalty/loyalty_service.hpp"
#include "domain/order/order_repo.hpp"
#include "domain/outbox/outbox_repo.hpp"
#include "domain/product/product_repo.hpp"
#include "domain/product/product_service.hpp"

namespace rapport::domain {
namespace {

constexpr std::size_t kMaxLines = 200;
constexpr std::int64_t kMaxQuantity = 1'000'000;
constexpr std::int64_t kMaxAmount = 1'000'000'000'000;  // 10 billion in major units

core::Error OrderNotFound(Id id) { return core::Error::NotFound("order " + core::FormatId(id) + " not found"); }

core::Result<std::optional<std::string>> CleanText(const std::optional<std::string>& raw,
                                                   const char* field, std::size_t max_len) {
  if (!raw) return std::optional<std::string>{};
  if (!core::IsValidUtf8(*raw)) return core::Fail(core::Error::Invalid(field, "must be valid UTF-8"));
  std::string text = core::Trim(*raw);
  if (text.empty()) return std::optional<std::string>{};
  if (core::CodepointCount(text) > max_len)
    return core::Fail(core::Error::Invalid(field, "too long: at most " + std::to_string(max_len) + " characters"));
  return std::optional<std::string>{std::move(text)};
}

std::string Money(std::int64_t cents, std::string_view currency) {
  const std::int64_t a = cents < 0 ? -cents : cents;
  std::string frac = std::to_string(a % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return std::string(cents < 0 ? "-" : "") + std::to_string(a / 100) + "." + frac + " " + std::string(currency);
}

// Moves the customer along the lifecycle for a new order, recording every stage passed.
core::Status ApplyOrderToLifecycle(Txn& txn, const Actor& actor, Id customer_id, Id order_id,
                                   Timestamp now) {
  auto found = txn.Customers().Find(customer_id, CustomerScope::Everyone());
  if (!found) return core::Fail(found.error());
  if (!*found) return {};
  Customer c = std::move(**found);
  const Customer before = c;
  std::vector<StageMove> moves;
  auto plan = [&](Stage from, Stage to) -> core::Status {
    auto m = PlanStageChange(from, to, false, false);
    if (!m) return core::Fail(m.error());
    moves.insert(moves.end(), m->begin(), m->end());
    return {};
  };
  Stage target = c.stage;
  if (IsPreOrder(c.stage)) {
    target = Stage::kOrder;
    if (auto st = plan(c.stage, Stage::kOrder); !st) return st;
  } else if (c.stage == Stage::kLost) {  // re-opened by the order, then ordered
    target = Stage::kOrder;
    if (auto st = plan(Stage::kLost, Stage::kNegotiation); !st) return st;
    if (auto st = plan(Stage::kNegotiation, Stage::kOrder); !st) return st;
  } else if (c.stage == Stage::kChurned) {  // won back
    target = Stage::kRomance;
    if (auto st = plan(Stage::kChurned, Stage::kRomance); !st) return st;
  }
  if (moves.empty()) return {};
  std::vector<StageTransition> transitions;
  for (const auto& m : moves) {
    StageTransition t;
    t.customer_id = c.id;
    t.from = m.from;
    t.to = m.to;
    t.at = now;
    t.by = actor.user_id;
    transitions.push_back(std::move(t));
  }
  transitions.back().reason = "order " + core::FormatId(order_id);
  if (auto st = txn.Customers().AppendTransitions(transitions); !st) return st;
  c.stage = target;
  c.stage_changed_at = c.updated_at = now;
  ++c.version;
  if (auto st = txn.Customers().UpdateStage(c); !st) return st;
  AuditEntry e = NewAuditEntry(actor, now, "customer.stage", "customer", c.id);
  e.customer_id = c.id;
  e.changes = CustomerChanges(&before, c);
  e.detail = "order " + core::FormatId(order_id);
  return txn.Audit().Append(e);
}

std::string OrderPayload(const Order& o) {
  std::string products = "[";
  for (const auto& l : o.lines) products += (products.size() > 1 ? "," : "") + core::JsonString(core::FormatId(l.product_id));
  products += "]";
  return "{\"order_id\":" + core::JsonString(core::FormatId(o.id)) +
         ",\"customer_id\":" + core::JsonString(core::FormatId(o.customer_id)) +
         ",\"ordered_at\":" + core::JsonString(core::FormatIso8601(o.ordered_at)) +
         ",\"amount_cents\":" + std::to_string(o.amount_cents) +
         ",\"margin_cents\":" + std::to_string(o.margin_cents) + ",\"currency\":" + core::JsonString(o.currency) +
         ",\"product_ids\":" + products + "}";
}

core::Status AppendOrderEvent(Txn& txn, const Order& o, const char* kind, Timestamp at) {
  DomainEvent ev;
  ev.kind = kind;
  ev.entity_type = "order";
  ev.entity_id = o.id;
  ev.customer_id = o.customer_id;
  ev.at = at;
  ev.payload = OrderPayload(o);
  return txn.Outbox().Append(ev);
}

core::Result<Order> FindVisibleOrder(Txn& txn, const Actor& actor, Id id) {
  auto found = txn.Orders().Find(id, CustomerScope::For(actor));
  if (!found) return core::Fail(found.error());
  if (!*found) return core::Fail(OrderNotFound(id));
  return std::move(**found);
}

}  // namespace

core::Result<Order> BuildOrder(Txn& txn, const OrderInput& in, std::string_view currency, Timestamp now) {
  std::map<std::string, std::string> errors = in.decode_errors;
  Order o;
  o.currency = std::string(currency);
  if (!in.customer_id) errors.emplace("customer_id", "required");
  else o.customer_id = *in.customer_id;
  o.ordered_at = in.ordered_at.value_or(now);
  if (in.ordered_at && in.ordered_at->ms > now.ms + core::kMsPerDay)
    errors.emplace("ordered_at", "must not be in the future");
  if (in.currency && *in.currency != currency)
    errors.emplace("currency", "must be the workspace currency " + std::string(currency));
  if (auto ch = CleanText(in.channel, "channel", 100); !ch) errors.emplace("channel", ch.error().fields.begin()->second);
  else o.channel = *ch;
  if (in.lines.size() > kMaxLines) errors.emplace("lines", "at most " + std::to_string(kMaxLines) + " lines");
  std::int64_t line_amount = 0, line_margin = 0;
  for (std::size_t i = 0; i < in.lines.size() && i < kMaxLines; ++i) {
    const auto& li = in.lines[i];
    const std::string at = "lines[" + std::to_string(i) + "]";
    if (!li.product_id) { errors.emplace(at + ".product_id", "required"); continue; }
    auto product = txn.Products().Find(*li.product_id);
    if (!product) return core::Fail(product.error());
    if (!*product) { errors.emplace(at + ".product_id", "no product with id " + core::FormatId(*li.product_id)); continue; }
    OrderLine line;
    line.product_id = *li.product_id;
    line.quantity = li.quantity.value_or(1);
    if (line.quantity < 1 || line.quantity > kMaxQuantity) { errors.emplace(at + ".quantity", "must be from 1 to 1000000"); continue; }
    line.unit_price_cents = li.unit_price_cents.value_or((*product)->price_cents);
    if (line.unit_price_cents < 0 || line.unit_price_cents > kMaxAmount) { errors.emplace(at + ".unit_price_cents", "must be 0 or more"); continue; }
    // The product's unit cost is its list price minus its margin; a discount comes off margin.
    const std::int64_t unit_cost = (*product)->price_cents - (*product)->margin_cents;
    line.margin_cents = li.margin_cents.value_or((line.unit_price_cents - unit_cost) * line.quantity);
    line_amount += line.unit_price_cents * line.quantity;
    line_margin += line.margin_cents;
    o.lines.push_back(line);
  }
  if (in.lines.empty()) {
    if (!in.amount_cents) errors.emplace("amount_cents", "required when the order has no lines");
    else o.amount_cents = *in.amount_cents;
    // Without products there is nothing to derive a margin from: the whole amount counts as
    // margin unless the client says otherwise.
    o.margin_cents = in.margin_cents.value_or(o.amount_cents);
  } else {
    o.amount_cents = line_amount;
    if (in.amount_cents && *in.amount_cents != line_amount && !errors.contains("amount_cents"))
      errors.emplace("amount_cents", "does not match the lines (" + std::to_string(line_amount) +
                                         "): leave it out to use the lines' sum");
    o.margin_cents = in.margin_cents.value_or(line_margin);
  }
  if (!errors.contains("amount_cents") && (o.amount_cents < 0 || o.amount_cents > kMaxAmount))
    errors.emplace("amount_cents", "must be from 0 to " + std::to_string(kMaxAmount));
  if (!errors.contains("margin_cents") && o.margin_cents > o.amount_cents)
    errors.emplace("margin_cents", "must not exceed the amount (" + std::to_string(o.amount_cents) + ")");
  if (!errors.empty()) return core::Fail(core::Error::Invalid(std::move(errors)));
  return o;
}

core::Result<Order> PlaceOrder(Txn& txn, const Actor& actor, Order o, Timestamp now) {
  auto customer = txn.Customers().Find(o.customer_id, CustomerScope::For(actor));
  if (!customer) return core::Fail(customer.error());
  if (!*customer) return core::Fail(core::Error::Invalid("customer_id", "no customer with this id"));
  if ((*customer)->archived_at)
    return core::Fail(core::Error::Invalid("customer_id", "customer " + core::FormatId(o.customer_id) + " is archived"));
  o.created_by = actor.user_id;
  o.created_at = o.updated_at = now;
  o.version = 1;
  auto id = txn.Orders().Insert(o);
  if (!id) return core::Fail(id.error());
  o.id = *id;
  if (auto st = AppendOrderEvent(txn, o, "order.created", now); !st) return core::Fail(st.error());
  std::vector<Id> products;
  for (const auto& l : o.lines) products.push_back(l.product_id);
  if (!products.empty())
    if (auto st = txn.Orders().RecordPurchases(o.customer_id, products, o.ordered_at); !st) return core::Fail(st.error());
  if (auto st = EarnPointsForOrder(txn, o, actor.user_id); !st) return core::Fail(st.error());
  if (auto st = ApplyOrderToLifecycle(txn, actor, o.customer_id, o.id, now); !st) return core::Fail(st.error());
  // Value, stage and the after-order tasks: the cadences must see the order.
  if (auto st = CustomerChanged(txn, o.customer_id, now); !st) return core::Fail(st.error());
  AuditEntry e = NewAuditEntry(actor, now, "order.create", "order", o.id);
  e.customer_id = o.customer_id;
  e.changes = {{"amount_cents", std::nullopt, AuditInt(o.amount_cents)},
               {"margin_cents", std::nullopt, AuditInt(o.margin_cents)}};
  if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
  return o;
}

core::Result<Order> OrderService::Create(const Actor& actor, const OrderInput& input) {
  const Timestamp now = clock_.Now();
  return WriteValue<Order>(store_, [&](Txn& txn) -> core::Result<Order> {
    auto built = BuildOrder(txn, input, currency_, now);
    if (!built) return core::Fail(built.error());
    return PlaceOrder(txn, actor, std::move(*built), now);
  });
}

core::Result<OrderDetail> OrderService::Get(const Actor& actor, Id id) {
  return ReadValue<OrderDetail>(store_, [&](Txn& txn) -> core::Result<OrderDetail> {
    auto o = FindVisibleOrder(txn, actor, id);
    if (!o) return core::Fail(o.error());
    auto adj = txn.Orders().Adjustments(id);
    if (!adj) return core::Fail(adj.error());
    return OrderDetail{std::move(*o), std::move(*adj)};
  });
}

core::Result<OrderPage> OrderService::List(const Actor& actor, OrderQuery query,
                                           std::optional<std::string_view> cursor) {
  auto before = DecodeIdCursor(cursor);
  if (!before) return core::Fail(before.error());
  query.before_id = *before;
  query.scope = CustomerScope::For(actor);
  auto rows = ReadValue<std::vector<Order>>(store_, [&](Txn& txn) { return txn.Orders().List(query); });
  if (!rows) return core::Fail(rows.error());
  return PageOf(std::move(*rows), query.limit);
}

core::Result<OrderDetail> OrderService::Refund(const Actor& actor, Id id, const RefundRequest& r) {
  auto reason = CleanText(r.reason, "reason", 500);
  if (!reason) return core::Fail(reason.error());
  if (!*reason) return core::Fail(core::Error::Invalid("reason", "required: say why the money goes back"));
  if (!r.amount_cents) return core::Fail(core::Error::Invalid("amount_cents", "required"));
  if (*r.amount_cents <= 0) return core::Fail(core::Error::Invalid("amount_cents", "must be above 0"));
  const Timestamp now = clock_.Now();
  return WriteValue<OrderDetail>(store_, [&](Txn& txn) -> core::Result<OrderDetail> {
    auto o = FindVisibleOrder(txn, actor, id);
    if (!o) return core::Fail(o.error());
    if (o->cancelled_at) return core::Fail(core::Error::Conflict("order " + core::FormatId(id) + " is cancelled"));
    const std::int64_t left = o->NetAmount();
    if (*r.amount_cents > left)
      return core::Fail(core::Error::Invalid(
          "amount_cents", "at most " + Money(left, o->currency) + " is left to refund on order " + core::FormatId(id)));
    // Returned goods take their share of the margin back unless the client says otherwise.
    // (128-bit product: margin x amount can pass 2^63 for very large orders. An order sold below
    // cost has a negative margin, and so does its share.)
    const std::int64_t share =
        o->amount_cents == 0 ? 0
                             : static_cast<std::int64_t>(static_cast<core::Int128>(o->margin_cents) * *r.amount_cents /
                                                         o->amount_cents);
    const std::int64_t margin = r.margin_cents.value_or(share);
    if (r.margin_cents && (margin < 0 || margin > *r.amount_cents))
      return core::Fail(core::Error::Invalid("margin_cents", "must be from 0 to the refunded amount"));
    OrderAdjustment a{0, id, AdjustmentKind::kRefund, now, *r.amount_cents, margin, **reason, actor.user_id};
    if (auto st = txn.Orders().AppendAdjustment(a); !st) return core::Fail(st.error());
    o->refunded_cents += a.amount_cents;
    o->refunded_margin_cents += a.margin_cents;
    o->updated_at = now;
    ++o->version;
    if (auto st = txn.Orders().UpdateTotals(*o); !st) return core::Fail(st.error());
    if (auto st = ReconcileOrderPoints(txn, *o, actor.user_id, "refund on order " + core::FormatId(id), now); !st)
      return core::Fail(st.error());
    if (auto st = CustomerChanged(txn, o->customer_id, now); !st) return core::Fail(st.error());
    AuditEntry e = NewAuditEntry(actor, now, "order.refund", "order", id);
    e.customer_id = o->customer_id;
    e.changes = {{"refunded_cents", AuditInt(o->refunded_cents - a.amount_cents), AuditInt(o->refunded_cents)}};
    e.detail = **reason;
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    auto adj = txn.Orders().Adjustments(id);
    if (!adj) return core::Fail(adj.error());
    return OrderDetail{std::move(*o), std::move(*adj)};
  });
}

core::Result<OrderDetail> OrderService::Cancel(const Actor& actor, Id id, std::optional<std::string> raw_reason) {
  auto reason = CleanText(raw_reason, "reason", 500);
  if (!reason) return core::Fail(reason.error());
  if (!*reason) return core::Fail(core::Error::Invalid("reason", "required: say why the order is cancelled"));
  const Timestamp now = clock_.Now();
  return WriteValue<OrderDetail>(store_, [&](Txn& txn) -> core::Result<OrderDetail> {
    auto o = FindVisibleOrder(txn, actor, id);
    if (!o) return core::Fail(o.error());
    if (o->cancelled_at) return core::Fail(core::Error::Conflict("order " + core::FormatId(id) + " is already cancelled"));
    OrderAdjustment a{0, id, AdjustmentKind::kCancellation, now, o->NetAmount(), o->NetMargin(), **reason, actor.user_id};
    if (auto st = txn.Orders().AppendAdjustment(a); !st) return core::Fail(st.error());
    o->refunded_cents = o->amount_cents;
    o->refunded_margin_cents = o->margin_cents;
    o->cancelled_at = now;
    o->updated_at = now;
    ++o->version;
    if (auto st = txn.Orders().UpdateTotals(*o); !st) return core::Fail(st.error());
    if (auto st = ReconcileOrderPoints(txn, *o, actor.user_id, "order " + core::FormatId(id) + " cancelled", now); !st)
      return core::Fail(st.error());
    if (auto st = CustomerChanged(txn, o->customer_id, now); !st) return core::Fail(st.error());
    if (auto st = AppendOrderEvent(txn, *o, "order.cancelled", now); !st) return core::Fail(st.error());
    AuditEntry e = NewAuditEntry(actor, now, "order.cancel", "order", id);
    e.customer_id = o->customer_id;
    e.detail = **reason;
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    auto adj = txn.Orders().Adjustments(id);
    if (!adj) return core::Fail(adj.error());
    return OrderDetail{std::move(*o), std::move(*adj)};
  });
}

}  // namespace rapport::domain
