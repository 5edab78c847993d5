-- Releases the lease ARGV[1] ('<fence> <owner>') if it is still the current one.
-- KEYS: token, version, lease, fence, holder, ledger
if redis.call('GET', KEYS[3]) == ARGV[1] then
	redis.call('DEL', KEYS[3], KEYS[5])
	return 1
end
return 0
