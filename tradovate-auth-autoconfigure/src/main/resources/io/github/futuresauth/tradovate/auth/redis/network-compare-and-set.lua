-- Replaces the network's ledger with ARGV[2] if it is still ARGV[1] (ARGV[3] stands for a
-- ledger that was never written), and keeps it for ARGV[4] milliseconds: a ledger holds
-- no request older than an hour, nor a hold longer than the longest penalty.
-- KEYS: ledger
-- Returns 1 when replaced, 0 when it changed meanwhile.
local current = redis.call('GET', KEYS[1])
if current == false then
	current = ARGV[3]
end
if current ~= ARGV[1] then
	return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
return 1
