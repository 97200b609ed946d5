-- q search, first page of 50 (default sort: created_at), over a fixed mix of 55 fragments of
-- real names and emails, 3 to 8 characters, taken with sqlite3 from the demo data
-- (`rapport demo --customers 1000000 --seed 1`; names do not depend on --as-of).
-- The third column is the number of rows of that 1M database containing the fragment (FTS5
-- trigram count, capped at 100000): from a handful to every tenth row.
-- Env: TOKEN. Each wrk thread starts at a different place in the list.
local token = os.getenv("TOKEN")
local fragments = {
  {"d%20ta", "d ta", 898},  -- name
  {"nov%C3%A1k", "novák", 14352},  -- name, non-ASCII
  {"%40gmx.d", "@gmx.d", 100000},  -- email domain
  {"s%20s.r.o", "s s.r.o", 4447},  -- company
  {"paul%20ber", "paul ber", 212},  -- name
  {"r%20j", "r j", 887},  -- name
  {"s%C3%B8re", "søre", 13460},  -- name, non-ASCII
  {"x%20con", "x con", 357},  -- company
  {"m%20y%C4%B1lm", "m yılm", 439},  -- name, non-ASCII
  {".johnso", ".johnso", 13470},  -- email
  {"oe%20russo", "oe russo", 211},  -- name
  {"fal", "fal", 8436},  -- company
  {"bj%C3%B6r", "björ", 13413},  -- name, non-ASCII
  {"ma.ru", "ma.ru", 458},  -- email
  {"ern%C3%A1nd", "ernánd", 14152},  -- name, non-ASCII
  {"gon%C3%A7alv", "gonçalv", 14515},  -- name, non-ASCII
  {"s%20s.r.l.", "s s.r.l.", 4495},  -- company
  {"ova", "ova", 43247},  -- company
  {"e%20ka", "e ka", 931},  -- name
  {"riz.y", "riz.y", 210},  -- email
  {"ay%C5%9Fe%20j", "ayşe j", 846},  -- name, non-ASCII
  {"lukas%20p", "lukas p", 658},  -- name
  {"arah%20sch", "arah sch", 443},  -- name
  {"lec", "lec", 8420},  -- company
  {"lindq", "lindq", 14358},  -- name (example from the issue)
  {"jo%C3%A3o%20n", "joão n", 896},  -- name, non-ASCII
  {"luc%C3%ADa%20m", "lucía m", 1395},  -- name, non-ASCII
  {"race%20mey", "race mey", 216},  -- name
  {"i%20ta", "i ta", 1342},  -- name
  {"arjun", "arjun", 13263},  -- name
  {"e%20m%C3%BCll", "e müll", 827},  -- name, non-ASCII
  {"nina%20ta", "nina ta", 403},  -- name
  {"nsa", "nsa", 14365},  -- email
  {"wame", "wame", 13366},  -- name
  {"e%20che", "e che", 877},  -- name
  {"mensah", "mensah", 14259},  -- name
  {"son5397", "son5397", 3},  -- email
  {"pau", "pau", 13297},  -- email
  {"addad", "addad", 14251},  -- email
  {"eriors", "eriors", 8343},  -- company
  {"a.wagne", "a.wagne", 4664},  -- email
  {"iam", "iam", 13414},  -- email
  {"ielse", "ielse", 14212},  -- email
  {"%40outlo", "@outlo", 100000},  -- email domain
  {"beatriz", "beatriz", 13310},  -- email
  {"%40ya", "@ya", 100000},  -- email domain
  {"e%20s.l.", "e s.l.", 987},  -- company
  {"%40gmail", "@gmail", 100000},  -- email domain (example from the issue)
  {"%40proto", "@proto", 100000},  -- email domain
  {"%40ic", "@ic", 100000},  -- email domain
  {"m%C3%BCl", "mül", 14224},  -- name, non-ASCII (example from the issue)
  {"ngstr", "ngstr", 14356},  -- name (example from the issue)
  {"garc%C3%AD", "garcí", 13996},  -- name, non-ASCII (example from the issue)
  {"anna.m", "anna.m", 1295},  -- email (example from the issue)
  {"j%C3%B8rg", "jørg", 14223},  -- name, non-ASCII (example from the issue)
}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local i = 0
local headers = {["Authorization"] = "Bearer " .. token}

function init(args)
  i = ((tid or 1) - 1) * 17
end

function request()
  i = i + 1
  local f = fragments[(i % #fragments) + 1]
  return wrk.format("GET", "/api/v1/customers?limit=50&q=" .. f[1], headers)
end
