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

done = function(summary, latency, requests)
   local e = summary.errors
   local p = {}
   for _, q in ipairs({50, 75, 90, 99, 99.9}) do
      p[#p + 1] = string.format('"%s":%d', tostring(q), latency:percentile(q))
   end
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"min":%d,"mean":%.1f,"max":%d,"stdev":%.1f,"p":{%s}}}\n',
      summary.requests, summary.duration, summary.bytes,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency.min, latency.mean, latency.max, latency.stdev, table.concat(p, ",")))
end
