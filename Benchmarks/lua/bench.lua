-- wrk script for the PrinterCare benchmark (our own; modelled on wrk's pipeline.lua idea).
--   wrk ... -s bench.lua URL -- <depth>
-- depth 1 (default): one request per write (wrk's static request, no Lua call per request).
-- depth N > 1: N identical GETs concatenated into one write (HTTP/1.1 pipelining); wrk waits
--   for N responses before writing the next batch.
-- done() prints one line "BENCH_JSON {...}" with the summary and latency percentiles (µs),
-- which Benchmarks/bench.py parses.

init = function(args)
   local depth = tonumber(args[1] or "1") or 1
   if depth > 1 then
      local r = {}
      for i = 1, depth do
         r[i] = wrk.format()
      end
      local batch = table.concat(r)
      -- Defining request() makes wrk count `depth` responses per write.
      request = function()
         return batch
      end
   end
end

-- Percentiles of wrk's latency histogram, i.e. what `wrk --latency` prints (after wrk's own
-- coordinated-omission correction). latency:percentile() scans buckets from the smallest measured
-- latency, so when that correction adds samples below it (it does with pipelining, where a batch's
-- latency exceeds wrk's per-request "expected interval") it returns 0 for high percentiles. Then
-- the percentiles are taken over the visible samples only: p' = q * pmax / 100, where pmax is the
-- largest p for which latency:percentile(p) is defined (found by bisection).
local function percentiles(latency, qs)
   local out, broken = {}, false
   for i, q in ipairs(qs) do
      out[i] = latency:percentile(q)
      if out[i] == 0 then broken = true end
   end
   if not broken then return out, false end
   local lo, hi = 0, 100
   for _ = 1, 60 do
      local mid = (lo + hi) / 2
      if latency:percentile(mid) ~= 0 then lo = mid else hi = mid end
   end
   for i, q in ipairs(qs) do
      out[i] = latency:percentile(q * lo / 100)
   end
   return out, true
end

done = function(summary, latency, requests)
   local e = summary.errors
   local qs = {50, 75, 90, 99, 99.9}
   local values, rescaled = percentiles(latency, qs)
   local p = {}
   for i, q in ipairs(qs) do
      p[#p + 1] = string.format('"%s":%d', tostring(q), values[i])
   end
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"min":%d,"mean":%.1f,"max":%d,"stdev":%.1f,"rescaled":%s,"p":{%s}}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.min, latency.mean, latency.max, latency.stdev, tostring(rescaled), table.concat(p, ",")))
end
