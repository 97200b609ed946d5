-- GET $TARGET with the API token $TOKEN (bench/care.sh sets both).
local target = assert(os.getenv("TARGET"), "TARGET: the path to get")
local token = assert(os.getenv("TOKEN"), "TOKEN: an API token")

function request()
  return wrk.format("GET", target, {["Authorization"] = "Bearer " .. token})
end
