-- POST /api/v1/orders: durable order creation (each 201 is committed with synchronous=FULL) for a
-- customer uniformly random in 1..MAX_ID (ids of `rapport demo` are 1..N), or, with IDS_FILE, one
-- picked at random from that file (ids one per line); 1 or 2 lines of distinct products from
-- 1..PRODUCTS (the demo catalogue has 12), quantity 1-3, at list price.
-- Env: TOKEN, MAX_ID, IDS_FILE, PRODUCTS (default 12), CHANNEL (the orders' channel, so that a
-- run's orders can be counted in the database; default "bench"). At the end prints one line
--   created: N201 other: NOTHER statuses: 201=N ...
-- counted in response() of every thread (wrk's own summary only counts non-2xx/3xx).
local token = os.getenv("TOKEN")
local max_id = tonumber(os.getenv("MAX_ID") or "100000")
local products = tonumber(os.getenv("PRODUCTS") or "12")
local channel = os.getenv("CHANNEL") or "bench"
local ids_file = os.getenv("IDS_FILE")
local threads = {}

local ids = {}
if ids_file and ids_file ~= "" then
  local f = assert(io.open(ids_file, "r"), "IDS_FILE: cannot open " .. ids_file)
  for line in f:lines() do
    if line:match("^%d+$") then ids[#ids + 1] = line end
  end
  f:close()
  assert(#ids > 0, "IDS_FILE: no ids in " .. ids_file)
end

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  math.randomseed(3000 + (tid or 0))
  statuses = {}
end

local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}

function request()
  local p1 = math.random(1, products)
  local lines = string.format('{"product_id":"%d","quantity":%d}', p1, math.random(1, 3))
  if math.random() < 0.5 then
    local p2 = math.random(1, products - 1)
    if p2 >= p1 then p2 = p2 + 1 end
    lines = lines .. string.format(',{"product_id":"%d","quantity":%d}', p2, math.random(1, 3))
  end
  local customer = #ids > 0 and ids[math.random(1, #ids)] or tostring(math.random(1, max_id))
  local body = string.format('{"customer_id":"%s","channel":"%s","lines":[%s]}', customer, channel, lines)
  return wrk.format("POST", "/api/v1/orders", headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s or {}) do all[k] = (all[k] or 0) + v end
  end
  local created, other, parts = all[201] or 0, 0, {}
  for k, v in pairs(all) do
    if k ~= 201 then other = other + v end
    parts[#parts + 1] = k .. "=" .. v
  end
  table.sort(parts)
  io.write(string.format("created: %d other: %d statuses: %s\n", created, other, table.concat(parts, " ")))
end
