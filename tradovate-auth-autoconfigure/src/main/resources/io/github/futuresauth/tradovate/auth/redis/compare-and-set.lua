-- Stores the token ARGV[3] as the successor of version ARGV[2], for the lease ARGV[1], and
-- announces the change on channel ARGV[4].
-- KEYS: token, version, lease, fence, holder, ledger
-- Returns 'fenced', 'stale', or 'stored <version>'.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
	return 'fenced'
end
local current = redis.call('HGET', KEYS[1], 'version') or '0'
if current ~= ARGV[2] then
	return 'stale'
end
-- A version counter that Redis lost is seeded from its clock in microseconds, which is greater
-- than every version stored before, so that versions only ever increase.
if redis.call('EXISTS', KEYS[2]) == 0 then
	local now = redis.call('TIME')
	redis.call('SET', KEYS[2], now[1] .. string.format('%06d', tonumber(now[2])))
end
if tonumber(redis.call('GET', KEYS[2])) < tonumber(current) then
	redis.call('SET', KEYS[2], current)
end
redis.call('INCR', KEYS[2])
local version = redis.call('GET', KEYS[2])
redis.call('HSET', KEYS[1], 'version', version, 'payload', ARGV[3])
redis.call('PUBLISH', ARGV[4], 'token')
return 'stored ' .. version
