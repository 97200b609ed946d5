#include "domain/product/product_service.hpp"

#include "core/text.hpp"
#include "domain/audit/audit_log.hpp"
#include "domain/audit/audit_repo.hpp"
#include "domain/product/product_repo.hpp"

namespace rapport::domain {
namespace {

core::Status RequireCatalogueEditor(const Actor& actor) {
  if (actor.SeesAllCustomers()) return {};
  return core::Fail(core::Error::Forbidden("only managers and admins may change products"));
}

core::Status CheckComplements(Txn& txn, const Product& p) {
  for (Id other : p.complements) {
    auto found = txn.Products().Find(other);
    if (!found) return core::Fail(found.error());
    if (!*found)
      return core::Fail(core::Error::Invalid("complements", "no product with id " + core::FormatId(other)));
  }
  return {};
}

std::vector<FieldChange> ProductChanges(const Product* before, const Product& after) {
  std::vector<FieldChange> out;
  auto add = [&](const char* field, std::optional<std::string> b, std::string a) {
    if (b != a) out.push_back({field, std::move(b), std::move(a)});
  };
  auto opt = [&](auto f) { return before ? std::optional<std::string>(f(*before)) : std::nullopt; };
  add("name", opt([](const Product& p) { return AuditText(p.name); }), AuditText(after.name));
  add("sku", opt([](const Product& p) { return AuditText(p.sku); }), AuditText(after.sku));
  add("price_cents", opt([](const Product& p) { return AuditInt(p.price_cents); }), AuditInt(after.price_cents));
  add("margin_cents", opt([](const Product& p) { return AuditInt(p.margin_cents); }), AuditInt(after.margin_cents));
  add("active", opt([](const Product& p) { return AuditBool(p.active); }), AuditBool(after.active));
  auto ids = [](const Product& p) {
    std::string s = "[";
    for (Id id : p.complements) s += (s.size() > 1 ? "," : "") + AuditText(core::FormatId(id));
    return s + "]";
  };
  add("complements", opt(ids), ids(after));
  auto limits = [](const Product& p) {
    std::string s = "{";
    for (const auto& [k, v] : p.limits)
      s += (s.size() > 1 ? "," : "") + AuditText(k) + ":" + std::to_string(v);
    return s + "}";
  };
  add("limits", opt(limits), limits(after));
  return out;
}

core::Error ProductNotFound(Id id) {
  return core::Error::NotFound("product " + core::FormatId(id) + " not found");
}

}  // namespace

core::Error StaleVersion(std::string_view what, Id id, std::int64_t current) {
  return core::Error{core::ErrorCode::kPreconditionFailed,
                     std::string(what) + " " + core::FormatId(id) +
                         " was changed by someone else (version " + std::to_string(current) +
                         "); reload and retry",
                     {}};
}

core::Result<Product> ProductService::Create(const Actor& actor, const ProductInput& input) {
  if (auto st = RequireCatalogueEditor(actor); !st) return core::Fail(st.error());
  Product p;
  if (auto st = ApplyProductInput(input, /*creating=*/true, p); !st) return core::Fail(st.error());
  p.created_at = p.updated_at = clock_.Now();
  return WriteValue<Product>(store_, [&](Txn& txn) -> core::Result<Product> {
    if (auto st = CheckComplements(txn, p); !st) return core::Fail(st.error());
    auto id = txn.Products().Insert(p);
    if (!id) {
      if (id.error().code == core::ErrorCode::kConflict)
        return core::Fail(core::Error::Conflict("a product with SKU '" + p.sku + "' exists"));
      return core::Fail(id.error());
    }
    Product created = p;
    created.id = *id;
    AuditEntry e = NewAuditEntry(actor, p.created_at, "product.create", "product", created.id);
    e.changes = ProductChanges(nullptr, created);
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return created;
  });
}

core::Result<Product> ProductService::Get(const Actor&, Id id) {
  return ReadValue<Product>(store_, [&](Txn& txn) -> core::Result<Product> {
    auto found = txn.Products().Find(id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(ProductNotFound(id));
    return std::move(**found);
  });
}

core::Result<Product> ProductService::Update(const Actor& actor, Id id, const ProductInput& input,
                                             std::optional<std::int64_t> expected_version) {
  if (auto st = RequireCatalogueEditor(actor); !st) return core::Fail(st.error());
  return WriteValue<Product>(store_, [&](Txn& txn) -> core::Result<Product> {
    auto found = txn.Products().Find(id);
    if (!found) return core::Fail(found.error());
    if (!*found) return core::Fail(ProductNotFound(id));
    const Product before = **found;
    Product p = std::move(**found);
    if (expected_version && *expected_version != p.version)
      return core::Fail(StaleVersion("product", id, p.version));
    if (auto st = ApplyProductInput(input, /*creating=*/false, p); !st) return core::Fail(st.error());
    if (auto st = CheckComplements(txn, p); !st) return core::Fail(st.error());
    auto changes = ProductChanges(&before, p);
    if (changes.empty()) return p;
    p.updated_at = clock_.Now();
    ++p.version;
    if (auto st = txn.Products().Update(p); !st) {
      if (st.error().code == core::ErrorCode::kConflict)
        return core::Fail(core::Error::Conflict("a product with SKU '" + p.sku + "' exists"));
      return core::Fail(st.error());
    }
    AuditEntry e = NewAuditEntry(actor, p.updated_at, "product.update", "product", p.id);
    e.changes = std::move(changes);
    if (auto st = txn.Audit().Append(e); !st) return core::Fail(st.error());
    return p;
  });
}

core::Result<ProductPage> ProductService::List(const Actor&, ProductQuery query,
                                               std::optional<std::string_view> cursor) {
  auto after = DecodeIdCursor(cursor);
  if (!after) return core::Fail(after.error());
  query.after_id = *after;
  if (query.q) query.q = core::FoldCase(core::Trim(*query.q));
  auto rows = ReadValue<std::vector<Product>>(store_, [&](Txn& txn) { return txn.Products().List(query); });
  if (!rows) return core::Fail(rows.error());
  return PageOf(std::move(*rows), query.limit);
}

}  // namespace rapport::domain
