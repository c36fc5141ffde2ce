-- wrk script: collects each reply's Server-Timing "app;dur=MS" (the server's own time for the
-- request, without the network and the client) and prints its median and 99th percentile as
-- "server-timing p50 X p99 Y" (milliseconds) when the run ends. Used by bench/load.sh.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  samples = {}
end

function response(status, headers, body)
  local timing = headers["Server-Timing"] or headers["server-timing"]
  if timing then
    local ms = tonumber(string.match(timing, "dur=([%d%.]+)"))
    if ms then samples[#samples + 1] = ms end
  end
end

function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("samples")
    if s then
      for _, v in ipairs(s) do all[#all + 1] = v end
    end
  end
  table.sort(all)
  if #all == 0 then
    io.write("server-timing none\n")
    return
  end
  local function at(q)
    return all[math.max(1, math.ceil(q * #all))]
  end
  io.write(string.format("server-timing p50 %.3f p99 %.3f n %d\n", at(0.5), at(0.99), #all))
end
