-- Grants the lease to ARGV[1] for ARGV[2] milliseconds, unless another owner holds it.
-- KEYS: token, version, lease, fence, holder, ledger
-- Returns 'held', or 'granted <takeover 0|1> <fence>'.
local current = redis.call('GET', KEYS[3])
local takeover = 0
if current then
	local owner = string.sub(current, string.find(current, ' ', 1, true) + 1)
	if owner ~= ARGV[1] then
		return 'held'
	end
else
	local last = redis.call('GET', KEYS[5])
	if last and last ~= ARGV[1] then
		takeover = 1
	end
end
-- A fence counter that Redis lost is seeded from its clock in microseconds, which is greater
-- than every fence granted before, so that fences only ever increase.
if redis.call('EXISTS', KEYS[4]) == 0 then
	local now = redis.call('TIME')
	redis.call('SET', KEYS[4], now[1] .. string.format('%06d', tonumber(now[2])))
end
redis.call('INCR', KEYS[4])
local fence = redis.call('GET', KEYS[4])
redis.call('SET', KEYS[3], fence .. ' ' .. ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[5], ARGV[1])
return 'granted ' .. takeover .. ' ' .. fence
