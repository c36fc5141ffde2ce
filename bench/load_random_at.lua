-- wrk script: every request asks for the satellites at a different instant within a day of the
-- scenario epoch (LEOTWIN_EPOCH_UNIX, Unix seconds), so the server's cache never answers.
local epoch = tonumber(os.getenv("LEOTWIN_EPOCH_UNIX") or "1758585600")
local counter = 0
request = function()
  counter = counter + 1
  local t = epoch + (counter * 7919 + math.random(0, 86399)) % 86400
  return wrk.format("GET", wrk.path .. "?at=" .. t)
end
