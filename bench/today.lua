-- GET /api/v1/today as one of many reps: each request picks a token at random from TOKENS_FILE
-- (one API token per line, each of a rep owning ~5,000 customers; bench/romance.sh makes them).
local tokens = {}
local f = assert(io.open(os.getenv("TOKENS_FILE") or "", "r"), "TOKENS_FILE: no file of tokens")
for line in f:lines() do
  if #line > 0 then tokens[#tokens + 1] = line end
end
f:close()
assert(#tokens > 0, "TOKENS_FILE: no tokens")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(3000 + (tid or 0))
end

function request()
  return wrk.format("GET", "/api/v1/today", {["Authorization"] = "Bearer " .. tokens[math.random(1, #tokens)]})
end
