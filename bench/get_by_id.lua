-- GET /api/v1/customers/{id}, id uniformly random in 1..MAX_ID (ids of `rapport demo` are 1..N).
-- Env: TOKEN, MAX_ID. Each wrk thread gets its own deterministic random sequence.
local token = os.getenv("TOKEN")
local max_id = tonumber(os.getenv("MAX_ID") or "100000")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(1000 + (tid or 0))
end

local headers = {["Authorization"] = "Bearer " .. token}

function request()
  return wrk.format("GET", "/api/v1/customers/" .. math.random(1, max_id), headers)
end
