-- wrk: GET /api/v1/members/{random id in 1..NJ_MEMBERS} with the session cookie.
local max_id = tonumber(os.getenv("NJ_MEMBERS") or "1000")
local cookie = os.getenv("NJ_COOKIE") or ""
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(os.time() + seed * 7919)
  wrk.headers["Cookie"] = cookie
end
function request()
  return wrk.format("GET", "/api/v1/members/" .. math.random(1, max_id))
end
