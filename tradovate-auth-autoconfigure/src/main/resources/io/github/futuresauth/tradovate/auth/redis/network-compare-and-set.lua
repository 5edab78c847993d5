-- Replaces the network's ledger with ARGV[2] if it is still the one whose digest is
-- ARGV[1] (an empty string for a ledger that was never written), and keeps it for ARGV[3]
-- milliseconds: a ledger holds no request older than an hour, nor a hold longer than the
-- longest penalty.
-- KEYS: ledger
-- Returns 1 when replaced, 0 when it changed meanwhile.
local current = redis.call('GET', KEYS[1])
local digest = ''
if current ~= false then
	digest = redis.sha1hex(current)
end
if digest ~= ARGV[1] then
	return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
