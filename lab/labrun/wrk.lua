-- wrk script of the lab: sets the request (method, body, cookie, random ids) from LAB_*
-- variables and prints one machine-readable LAB-RESULT line (latencies in microseconds).
local method = os.getenv("LAB_METHOD") or "GET"
local path = os.getenv("LAB_PATH") or "/"
local body = os.getenv("LAB_BODY")
local cookie = os.getenv("LAB_COOKIE")
local id_max = tonumber(os.getenv("LAB_ID_MAX") or "0")

wrk.method = method
wrk.path = path
if body then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
if cookie then
  wrk.headers["Cookie"] = cookie
end

if id_max > 0 then
  math.randomseed(12)
  request = function()
    local id = tostring(math.random(1, id_max))
    local b = body and body:gsub("{id}", id) or nil
    return wrk.format(nil, path:gsub("{id}", id), nil, b)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LAB-RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "p999_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max))
end
