// Erasure (issue 4, docs/accounts.md "Privacy"): POST /api/v1/customers/{id}/erase (admins only)
// removes a customer's personal data everywhere — the customer row, the search index, the audit
// log's before/after values — and keeps the anonymous figures (kind, company, source, owner,
// acquisition cost, stage, dates) so the economics stay right.
//
// The acceptance check: on SQLite, neither the database file nor its WAL holds the name or the
// email afterwards, while the server runs and after it stopped. On PostgreSQL the same is checked
// logically: through the API, and in a pg_dump of the database.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "api_helpers.hpp"
#include "http_client.hpp"
#include "server_process.hpp"
#include "server_suite.hpp"

namespace {

namespace json = boost::json;
using rapport_test::At;
using rapport_test::Dump;
using rapport_test::FreshServerWithIdsSuite;
using rapport_test::HttpClient;
using rapport_test::IsNullAt;
using rapport_test::OnPostgres;
using rapport_test::Reply;
using rapport_test::StrAt;
using rapport_test::UrlEncode;

constexpr const char* kName = "Zebulon Quartermaine";
constexpr const char* kEmail = "zebulon.q@example.org";

// Other personal values, each distinctive enough to be searched for in the files.
constexpr const char* kPhone = "+44 20 7946 0917";
constexpr const char* kStreet = "7 Quillfeather Lane";
constexpr const char* kCity = "Nethercombe";
constexpr const char* kTimeZone = "Europe/London";
constexpr const char* kTag = "quillfeather-vip";
constexpr const char* kCustomValue = "Marmaduke the iguana";
constexpr const char* kNote = "Prefers quince marmalade";

// The fields whose audit values survive an erasure (docs/accounts.md).
const std::set<std::string> kAnonymousFields = {"kind",  "company_id", "source", "owner_id",
                                                "acquisition_cost_cents", "stage", "archived_at"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}
std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// `text` as stored (and its lower/upper-case foldings, as a search index might keep them).
std::vector<std::string> Variants(const std::string& text) {
  std::vector<std::string> out = {text};
  for (const std::string& v : {Lower(text), Upper(text)})
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Where in `haystack` (a file's bytes) `needle` occurs, with some context, for the failure
// message; "" when it does not.
std::string Occurrence(const std::string& haystack, const std::string& needle) {
  const auto at = haystack.find(needle);
  if (at == std::string::npos) return "";
  const auto from = at >= 40 ? at - 40 : 0;
  std::string context = haystack.substr(from, needle.size() + 80);
  for (char& ch : context)
    if (!std::isprint(static_cast<unsigned char>(ch))) ch = '.';
  return "offset " + std::to_string(at) + ": ..." + context + "...";
}

// A server per test: the tests count exact sets of customers, users and audit entries.
class EraseTest : public FreshServerWithIdsSuite {
 protected:
  void SetUp() override {
    FreshServerWithIdsSuite::SetUp();
    if (HasFatalFailure()) return;
    const rapport_test::UserAndToken manager = rapport_test::CreateUserWithToken(
        *client_, {{"email", "manager@example.com"}, {"name", "Manager"}, {"role", "manager"}}, "erase test");
    ASSERT_FALSE(manager.token.empty());
    manager_ = std::make_unique<HttpClient>(server_->Client(manager.token));
  }

  json::value Ok(Reply r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.Summary();
    return r.status == status && !r.body.empty() ? r.Json() : json::value();
  }

  // Zebulon, owned by the rep, with a company, updated field by field and moved through stages.
  std::string CreateZebulon() {
    json::value co = Ok(client_->Post("/api/v1/customers", R"({"kind": "company", "name": "Erase Holdings"})"), 201,
                        "create company");
    company_id_ = StrAt(co, "/id");
    json::value c = Ok(client_->Post("/api/v1/customers",
                                      Dump(json::object{{"name", kName},
                                                        {"email", kEmail},
                                                        {"company_id", company_id_},
                                                        {"owner_id", rep_id_},
                                                        {"source", "trade fair"},
                                                        {"acquisition_cost_cents", 4200}})),
                       201, "create Zebulon");
    const std::string id = StrAt(c, "/id");
    const std::string path = "/api/v1/customers/" + id;
    Ok(client_->Patch(path, Dump(json::object{{"phone", kPhone}, {"time_zone", kTimeZone}})), 200, "phone");
    Ok(client_->Patch(path, Dump(json::object{{"address", {{"street", kStreet}, {"city", kCity}, {"country", "GB"}}}})),
       200, "address");
    Ok(client_->Patch(path, Dump(json::object{{"custom", {{"pet", kCustomValue}}}, {"tags", json::array{kTag}}})),
       200, "custom field and tag");
    Ok(client_->Patch(path, Dump(json::object{{"notes", {{"preferences", kNote}}}})), 200, "notes");
    Ok(client_->Patch(path, Dump(json::object{{"acquisition_cost_cents", 5100}})), 200, "cost");
    Ok(client_->Post(path + "/stage", R"({"stage": "proposal"})"), 200, "stage proposal");
    Ok(rep_->Post(path + "/stage", R"({"stage": "lost", "reason": "Budget frozen"})"), 200, "stage lost");
    Ok(client_->Post(path + "/stage", R"({"stage": "lead"})"), 200, "stage lead (re-opened)");
    return id;
  }

  // Every personal value used above, with its variants.
  static std::vector<std::pair<std::string, std::string>> PersonalStrings() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [label, value] :
         std::vector<std::pair<std::string, std::string>>{{"name", kName},
                                                          {"first name", "Zebulon"},
                                                          {"last name", "Quartermaine"},
                                                          {"email", kEmail},
                                                          {"phone", kPhone},
                                                          {"street", kStreet},
                                                          {"city", kCity},
                                                          {"tag", kTag},
                                                          {"custom field", kCustomValue},
                                                          {"note", kNote}}) {
      for (const auto& v : Variants(value)) out.emplace_back(label, v);
    }
    return out;
  }

  // None of the personal strings occurs in `text` (a response body, a dump).
  static void ExpectNoPersonalData(const std::string& text, const std::string& where) {
    const std::string folded = Lower(text);
    for (const auto& [label, value] : PersonalStrings()) {
      EXPECT_EQ(folded.find(Lower(value)), std::string::npos)
          << where << " still holds the " << label << " '" << value << "': " << Occurrence(folded, Lower(value));
    }
  }

  // SQLite: the raw bytes of the database file and its WAL (and the shared-memory index).
  void ExpectFilesClean(const std::string& when) {
    const std::string db = server_->db_path();
    ASSERT_TRUE(std::filesystem::exists(db)) << db;
    for (const std::string& file : {db, db + "-wal", db + "-shm", db + "-journal"}) {
      if (!std::filesystem::exists(file)) continue;
      const std::string bytes = ReadFile(file);
      // The key check: the name and the email (as given, lower and upper case) are not there.
      for (const std::string& needle : {std::string(kName), std::string(kEmail)}) {
        for (const auto& v : Variants(needle)) {
          EXPECT_EQ(bytes.find(v), std::string::npos)
              << when << ": " << file << " (" << bytes.size() << " bytes) still holds '" << v << "' at "
              << Occurrence(bytes, v);
        }
      }
      for (const auto& [label, value] : PersonalStrings()) {
        EXPECT_EQ(bytes.find(value), std::string::npos)
            << when << ": " << file << " still holds the " << label << " '" << value << "' at "
            << Occurrence(bytes, value);
      }
    }
  }

  // The database holds none of the personal data: on SQLite the raw files, on PostgreSQL a
  // pg_dump of every table (a logical check; dead row versions are VACUUM's business).
  void ExpectDatabaseClean(const std::string& when) {
    if (!OnPostgres()) {
      ExpectFilesClean(when);
      return;
    }
    const std::string pg_dump = "/usr/bin/pg_dump";
    if (::access(pg_dump.c_str(), X_OK) != 0) {
      std::cout << "pg_dump not found at " << pg_dump << ": PostgreSQL checked through the API only\n";
      return;
    }
    rapport_test::CliResult dump = rapport_test::RunProgram(pg_dump, {"--data-only", "-d", server_->db_path()}, "",
                                                            std::chrono::seconds(60));
    ASSERT_EQ(dump.exit_code, 0) << dump.err;
    ASSERT_NE(dump.out.find("Erased customer"), std::string::npos) << "the dump has the customers table";
    ExpectNoPersonalData(dump.out, when + ": pg_dump of the database");
  }

  std::unique_ptr<HttpClient> manager_;
  std::string company_id_;
};

TEST_F(EraseTest, EraseRemovesPersonalDataAndKeepsTheFigures) {
  const std::string id = CreateZebulon();
  ASSERT_FALSE(id.empty());
  const std::string path = "/api/v1/customers/" + id;
  const json::value before = Ok(client_->Get(path), 200, "GET before");
  const json::value history_before = Ok(client_->Get(path + "/history"), 200, "history before");
  {
    Reply found = client_->Get("/api/v1/customers?q=zebulon");
    ASSERT_EQ(found.status, 200) << found.Summary();
    ASSERT_EQ(found.Json().at("data").as_array().size(), 1u) << "search finds Zebulon before: " << found.body;
  }
  if (!OnPostgres()) {
    // The files do hold the name before: the check below can see it when it is there.
    const std::string bytes = ReadFile(server_->db_path()) + ReadFile(server_->db_path() + "-wal");
    ASSERT_NE(bytes.find(kEmail), std::string::npos) << "the email should be in the files before the erase";
  }

  Reply r = client_->Post(path + "/erase");
  ASSERT_EQ(r.status, 200) << r.Summary();
  const json::value erased = r.Json();

  // Personal fields are gone.
  EXPECT_EQ(StrAt(erased, "/name"), "Erased customer " + id);
  for (const char* field : {"/email", "/phone", "/time_zone"}) EXPECT_TRUE(IsNullAt(erased, field)) << field << ": " << r.body;
  for (const char* key : {"street", "city", "region", "postal_code", "country"})
    EXPECT_TRUE(IsNullAt(erased, std::string("/address/") + key)) << key << ": " << r.body;
  for (const char* key : {"expectations", "preferences", "idiosyncrasies"})
    EXPECT_TRUE(IsNullAt(erased, std::string("/notes/") + key)) << key << ": " << r.body;
  EXPECT_EQ(erased.at("tags"), json::array()) << r.body;
  EXPECT_EQ(erased.at("custom"), json::object()) << r.body;
  // The figures stay.
  for (const char* field : {"id", "kind", "company_id", "owner_id", "source", "acquisition_cost_cents", "currency",
                            "stage", "stage_changed_at", "created_at", "archived_at"}) {
    EXPECT_EQ(erased.at(field), before.at(field)) << field << " must survive the erase";
  }
  EXPECT_EQ(StrAt(erased, "/stage"), "lead");
  EXPECT_EQ(erased.at("acquisition_cost_cents"), json::value(5100));
  EXPECT_EQ(erased.at("version"), json::value(before.at("version").to_number<std::int64_t>() + 1));
  EXPECT_GE(StrAt(erased, "/updated_at"), StrAt(before, "/updated_at"));
  // ... and are what GET says from now on.
  EXPECT_EQ(Ok(client_->Get(path), 200, "GET after"), erased);
  EXPECT_EQ(Ok(rep_->Get(path), 200, "GET by the owner after"), erased);
  ExpectNoPersonalData(Dump(erased), "the erased customer");

  // The stage history stays: every move, when and by whom.
  const json::value history_after = Ok(client_->Get(path + "/history"), 200, "history after");
  ASSERT_EQ(history_after.at("data").as_array().size(), history_before.at("data").as_array().size());
  for (std::size_t i = 0; i < history_before.at("data").as_array().size(); ++i) {
    for (const char* key : {"/from", "/to", "/at", "/by"}) {
      const std::string k = "/data/" + std::to_string(i) + key;
      EXPECT_EQ(StrAt(history_after, k), StrAt(history_before, k)) << k;
    }
  }

  // Search no longer finds them by anything personal.
  for (const std::string& q : {std::string("zebulon"), std::string("Quartermaine"), std::string(kEmail),
                               std::string("zebulon.q"), std::string("7946 0917"), std::string("Nethercombe")}) {
    Reply s = client_->Get("/api/v1/customers?include_archived=true&q=" + UrlEncode(q));
    ASSERT_EQ(s.status, 200) << s.Summary();
    EXPECT_EQ(s.Json().at("data").as_array().size(), 0u) << "q=" << q << " still finds: " << s.body;
  }
  {
    Reply s = client_->Get("/api/v1/customers?q=" + UrlEncode("Erased customer " + id));
    ASSERT_EQ(s.status, 200) << s.Summary();
    EXPECT_EQ(s.Json().at("data").as_array().size(), 1u) << "the new name is searchable: " << s.body;
  }

  // The export: the audit keeps anonymous values only; everything else is "[erased]" (or null,
  // where there was no value).
  Reply x = client_->Get(path + "/export");
  ASSERT_EQ(x.status, 200) << x.Summary();
  ExpectNoPersonalData(x.body, "the export");
  const json::value exported = x.Json();
  EXPECT_EQ(exported.at("customer"), erased);
  std::vector<std::string> actions;
  std::set<std::string> erased_fields;
  for (const auto& e : exported.at("audit").as_array()) {
    actions.push_back(StrAt(e, "/action"));
    for (const auto& [field_sv, change] : e.at("changes").as_object()) {
      const std::string field(field_sv);
      for (const char* side : {"before", "after"}) {
        const json::value& v = change.at(side);
        if (kAnonymousFields.contains(field)) {
          EXPECT_NE(v, json::value("[erased]")) << field << " is anonymous and stays: " << Dump(e);
        } else {
          EXPECT_TRUE(v.is_null() || v == json::value("[erased]")) << field << "." << side << " kept: " << Dump(e);
          if (!v.is_null()) erased_fields.insert(field);
        }
      }
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"customer.create", "customer.update", "customer.update",
                                               "customer.update", "customer.update", "customer.update",
                                               "customer.stage", "customer.stage", "customer.stage",
                                               "customer.erase"}));
  for (const char* field : {"name", "email", "phone", "time_zone", "address.street", "address.city",
                            "address.country", "tags", "custom.pet", "notes.preferences"}) {
    EXPECT_TRUE(erased_fields.contains(field)) << field << " should appear as \"[erased]\" in the audit";
  }
  // The anonymous values are exactly as they were.
  const json::array& audit = exported.at("audit").as_array();
  ASSERT_EQ(audit.size(), 10u);
  EXPECT_EQ(audit[0].at("changes").at("stage").at("after"), json::value("contact"));
  EXPECT_EQ(audit[0].at("changes").at("source").at("after"), json::value("trade fair"));
  EXPECT_EQ(audit[0].at("changes").at("kind").at("after"), json::value("person"));
  EXPECT_EQ(audit[0].at("changes").at("acquisition_cost_cents").at("after"), json::value(4200));
  EXPECT_EQ(audit[5].at("changes").at("acquisition_cost_cents"), json::parse(R"({"before": 4200, "after": 5100})"));
  EXPECT_EQ(audit[6].at("changes").at("stage"), json::parse(R"({"before": "contact", "after": "proposal"})"));
  EXPECT_EQ(audit[7].at("changes").at("stage"), json::parse(R"({"before": "proposal", "after": "lost"})"));
  EXPECT_EQ(audit[8].at("changes").at("stage"), json::parse(R"({"before": "lost", "after": "lead"})"));
  for (const char* key : {"/changes/owner_id/after", "/changes/company_id/after"}) {
    const json::value* v = At(audit[0], key);
    ASSERT_NE(v, nullptr) << key << ": " << Dump(audit[0]);
    const std::string got = v->is_string() ? std::string(v->get_string()) : Dump(*v);
    EXPECT_EQ(got, std::string(key).find("owner") != std::string::npos ? rep_id_ : company_id_) << key;
  }
  EXPECT_EQ(StrAt(audit[7], "/user_id"), rep_id_) << "who moved it stays";
  // The erasure itself is audited, by the admin, with nothing personal in it.
  EXPECT_EQ(StrAt(audit[9], "/action"), "customer.erase");
  EXPECT_EQ(StrAt(audit[9], "/client_address"), "127.0.0.1");
  EXPECT_EQ(audit[9].at("changes"), json::object());

  // Nowhere in the whole audit log either.
  Reply log = client_->Get("/api/v1/audit?limit=1000");
  ASSERT_EQ(log.status, 200) << log.Summary();
  ExpectNoPersonalData(log.body, "the audit log");

  // The key acceptance check: the database files (on PostgreSQL: a dump of the database).
  ExpectDatabaseClean("server running");
  if (!OnPostgres()) {
    ASSERT_EQ(server_->Stop(), 0) << server_->ReadLog();
    ExpectDatabaseClean("server stopped");
    server_->Start();
    ExpectDatabaseClean("server restarted");
    EXPECT_EQ(Ok(client_->Get(path), 200, "GET after restart"), erased);
  }
}

TEST_F(EraseTest, OnlyAdminsErase) {
  const std::string id = CreateZebulon();
  ASSERT_FALSE(id.empty());
  const std::string path = "/api/v1/customers/" + id;
  const json::value before = Ok(client_->Get(path), 200, "GET before");
  Reply audit_before = client_->Get("/api/v1/audit?limit=1");
  ASSERT_EQ(audit_before.status, 200);
  for (HttpClient* who : {manager_.get(), rep_.get()}) {
    Reply r = who->Post(path + "/erase");
    EXPECT_EQ(r.status, 403) << (who == rep_.get() ? "the owning rep" : "a manager") << ": " << r.Summary();
    EXPECT_EQ(StrAt(r.Json(), "/error/code"), "permission_denied") << r.body;
  }
  EXPECT_EQ(Ok(client_->Get(path), 200, "GET after"), before) << "a refused erase changed nothing";
  Reply audit_after = client_->Get("/api/v1/audit?limit=1");
  EXPECT_EQ(audit_after.body, audit_before.body) << "and wrote nothing";
  Reply found = client_->Get("/api/v1/customers?q=zebulon");
  ASSERT_EQ(found.status, 200);
  EXPECT_EQ(found.Json().at("data").as_array().size(), 1u);

  // An admin erasing a customer that does not exist: 404.
  Reply missing = client_->Post("/api/v1/customers/" + std::to_string(std::stoll(id) + 100000) + "/erase");
  EXPECT_EQ(missing.status, 404) << missing.Summary();
}

TEST_F(EraseTest, ErasingTwiceIsHarmlessAndOtherCustomersAreUntouched) {
  const std::string id = CreateZebulon();
  ASSERT_FALSE(id.empty());
  Reply other = client_->Post("/api/v1/customers", R"({"name": "Yolanda Bystander", "email": "yolanda@example.org",
                                                      "notes": {"preferences": "Tea"}})");
  ASSERT_EQ(other.status, 201) << other.Summary();
  const json::value other_before = other.Json();
  const std::string other_id = StrAt(other_before, "/id");

  Reply first = client_->Post("/api/v1/customers/" + id + "/erase");
  ASSERT_EQ(first.status, 200) << first.Summary();
  Reply second = client_->Post("/api/v1/customers/" + id + "/erase");
  ASSERT_EQ(second.status, 200) << second.Summary();
  EXPECT_EQ(StrAt(second.Json(), "/name"), "Erased customer " + id);

  EXPECT_EQ(Ok(client_->Get("/api/v1/customers/" + other_id), 200, "the bystander"), other_before);
  Reply found = client_->Get("/api/v1/customers?q=yolanda");
  ASSERT_EQ(found.status, 200);
  EXPECT_EQ(found.Json().at("data").as_array().size(), 1u) << found.body;
  Reply x = client_->Get("/api/v1/customers/" + other_id + "/export");
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.body.find("Yolanda Bystander"), std::string::npos) << "the bystander's audit keeps its values";
  ExpectDatabaseClean("after erasing twice");
}

// A stage move's reason is free text about the customer. The erase turns the audit's copy of it
// into "[erased]"; the stage history's copy must not survive either.
TEST_F(EraseTest, StageReasonsNamingTheCustomerAreErasedToo) {
  Reply c = client_->Post("/api/v1/customers", Dump(json::object{{"name", kName}, {"email", kEmail}}));
  ASSERT_EQ(c.status, 201) << c.Summary();
  const std::string id = StrAt(c.Json(), "/id");
  const std::string path = "/api/v1/customers/" + id;
  Reply lost = client_->Post(path + "/stage", Dump(json::object{{"stage", "lost"},
                                                                {"reason", "Zebulon Quartermaine went with Acme"},
                                                                {"competitor", "Acme"}}));
  ASSERT_EQ(lost.status, 200) << lost.Summary();

  Reply r = client_->Post(path + "/erase");
  ASSERT_EQ(r.status, 200) << r.Summary();
  Reply history = client_->Get(path + "/history");
  ASSERT_EQ(history.status, 200) << history.Summary();
  EXPECT_EQ(Lower(history.body).find("zebulon"), std::string::npos) << "the history still names them: " << history.body;
  Reply x = client_->Get(path + "/export");
  ASSERT_EQ(x.status, 200) << x.Summary();
  EXPECT_EQ(Lower(x.body).find("zebulon"), std::string::npos) << "the export still names them: " << x.body;
  ExpectDatabaseClean("after erasing a customer named in a stage reason");
}

// Issue 5: deals, orders, loyalty, subscriptions, referrals and win-back offers keep free text
// that can name the customer; the export shows it all, the erase removes it and keeps the figures.
TEST_F(EraseTest, CommerceRecordsNamingTheCustomerAreErasedToo) {
  auto post = [&](const std::string& target, const json::object& body, int status) {
    Reply r = client_->Post(target, Dump(body));
    EXPECT_EQ(r.status, status) << target << " " << r.Summary();
    return r.status == status && !r.body.empty() ? r.Json() : json::value();
  };
  const std::string id = StrAt(post("/api/v1/customers", {{"name", kName}, {"email", kEmail}}, 201), "/id");
  const std::string friend_id = StrAt(post("/api/v1/customers", {{"name", "A friend"}}, 201), "/id");
  const std::string path = "/api/v1/customers/" + id;
  const std::string product =
      StrAt(post("/api/v1/products", {{"name", "Plan"}, {"sku", "ERASE-PLAN"}, {"price_cents", 10000}, {"margin_cents", 6000}}, 201), "/id");
  const std::string lost_deal = StrAt(post("/api/v1/deals", {{"customer_id", id}, {"title", "Offer for Zebulon Quartermaine"}, {"amount_cents", 500}}, 201), "/id");
  post("/api/v1/deals/" + lost_deal + "/stage", {{"stage", "lost"}, {"lost_reason", "Zebulon Quartermaine said no"}}, 200);
  const std::string order = StrAt(post("/api/v1/orders", {{"customer_id", id}, {"lines", json::array{json::object{{"product_id", product}, {"quantity", 2}}}}}, 201), "/id");
  post("/api/v1/orders/" + order + "/refund", {{"amount_cents", 5000}, {"reason", "Zebulon Quartermaine returned one"}}, 200);
  post(path + "/loyalty/redeem", {{"points", 10}, {"reward", "mug engraved Zebulon Quartermaine"}}, 201);
  const std::string sub = StrAt(post("/api/v1/subscriptions", {{"customer_id", id}, {"product_id", product}, {"term_months", 12}}, 201), "/id");
  post("/api/v1/subscriptions/" + sub + "/cancel", {{"reason", "Zebulon Quartermaine moved abroad"}}, 200);
  post("/api/v1/referrals", {{"referrer_id", id}, {"referred_id", friend_id}, {"note", "Zebulon Quartermaine's neighbour"}}, 201);
  post(path + "/stage", {{"stage", "romance"}}, 200);
  post(path + "/stage", {{"stage", "churned"}, {"reason", "moved"}}, 200);
  post(path + "/win-back-offers", {{"description", "Welcome back, Zebulon Quartermaine"}, {"cost_cents", 100}}, 201);

  Reply before = client_->Get(path + "/export");
  ASSERT_EQ(before.status, 200) << before.Summary();
  const json::value x = before.Json();
  for (const char* list : {"deals", "orders", "loyalty_ledger", "subscriptions", "referrals", "win_back_offers"})
    EXPECT_FALSE(x.at(list).as_array().empty()) << list << " missing from the export: " << before.body.substr(0, 400);
  EXPECT_NE(Lower(before.body).find("returned one"), std::string::npos) << "the refund reason is exported";

  Reply r = client_->Post(path + "/erase");
  ASSERT_EQ(r.status, 200) << r.Summary();
  Reply after = client_->Get(path + "/export");
  ASSERT_EQ(after.status, 200) << after.Summary();
  EXPECT_EQ(Lower(after.body).find("zebulon"), std::string::npos) << "the export still names them: " << after.body;
  for (const std::string& target : {"/api/v1/deals/" + lost_deal, "/api/v1/orders/" + order, "/api/v1/subscriptions/" + sub,
                                    path + "/loyalty/ledger", path + "/win-back", std::string("/api/v1/referrals?referrer_id=") + id}) {
    Reply g = client_->Get(target);
    ASSERT_EQ(g.status, 200) << target << " " << g.Summary();
    EXPECT_EQ(Lower(g.body).find("zebulon"), std::string::npos) << target << " still names them: " << g.body;
  }
  // The figures stay.
  const json::value o = client_->Get("/api/v1/orders/" + order).Json();
  EXPECT_EQ(o.at("net_amount_cents").as_int64(), 15000);
  EXPECT_EQ(o.at("net_margin_cents").as_int64(), 9000);
  ExpectDatabaseClean("after erasing a customer named in commerce records");
}

}  // namespace
