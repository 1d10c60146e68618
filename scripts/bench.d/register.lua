-- POST /api/v1/auth/register, a new email per request (thread id + counter + run id): user row, outbox row, Argon2id.
dofile("scripts/bench.d/report.lua")
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local threads = 0
function setup(thread)
   threads = threads + 1
   thread:set("tid", threads)
end
local n = 0
function request()
   n = n + 1
   local body = string.format(
      '{"email":"r%s-%d-%d@bench.example","password":"bench password %d-%d","name":"Bench %d"}',
      run, tid, n, tid, n, n)
   return wrk.format("POST", "/api/v1/auth/register", {["Content-Type"] = "application/json"}, body)
end
