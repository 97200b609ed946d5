-- GET of a per-customer route (or of a fixed path) for customers picked at random from a file.
-- Env: TOKEN; ROUTE, a path where "{id}" is replaced by a customer id (default
-- "/api/v1/customers/{id}/cross-sell"); IDS_FILE, customer ids one per line (bench/commerce.sh
-- samples customers that have orders). Each wrk thread gets its own deterministic random sequence.
local token = os.getenv("TOKEN")
local route = os.getenv("ROUTE") or "/api/v1/customers/{id}/cross-sell"
local ids_file = os.getenv("IDS_FILE")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local ids = {}
if route:find("{id}", 1, true) then
  local f = assert(io.open(ids_file or "", "r"), "IDS_FILE: no file of customer ids")
  for line in f:lines() do
    if line:match("^%d+$") then ids[#ids + 1] = line end
  end
  f:close()
  assert(#ids > 0, "IDS_FILE: no ids in " .. ids_file)
end

function init(args)
  math.randomseed(2000 + (tid or 0))
end

local headers = {["Authorization"] = "Bearer " .. token}

function request()
  local path = route
  if #ids > 0 then path = route:gsub("{id}", ids[math.random(1, #ids)], 1) end
  return wrk.format("GET", path, headers)
end
