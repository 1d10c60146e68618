-- Read-heavy mix: 70 % GET /users/me, 15 % GET /users?limit=20 (admin), 10 % GET /users/{id}, 5 % PATCH name.
dofile("scripts/bench.d/report.lua")
local user = "Bearer " .. os.getenv("BENCH_TOKEN")
local admin = "Bearer " .. os.getenv("BENCH_ADMIN_TOKEN")
local id = os.getenv("BENCH_USER_ID")
local me = wrk.format("GET", "/api/v1/users/me", {["Authorization"] = user})
local list = wrk.format("GET", "/api/v1/users?limit=20", {["Authorization"] = admin})
local one = wrk.format("GET", "/api/v1/users/" .. id, {["Authorization"] = user})
local patch = wrk.format("PATCH", "/api/v1/users/" .. id,
   {["Authorization"] = user, ["Content-Type"] = "application/json"}, '{"name":"Bench Mixed"}')
function init(args)
   math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end
function request()
   local r = math.random(100)
   if r <= 70 then return me elseif r <= 85 then return list elseif r <= 95 then return one else return patch end
end
