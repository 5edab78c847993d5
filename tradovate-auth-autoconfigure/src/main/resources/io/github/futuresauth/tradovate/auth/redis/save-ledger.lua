-- Replaces the ledger with ARGV[2], for the lease ARGV[1], and announces the change on channel
-- ARGV[3].
-- KEYS: token, version, lease, fence, holder, ledger
-- Returns 'fenced' or 'saved'.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
	return 'fenced'
end
redis.call('SET', KEYS[6], ARGV[2])
redis.call('PUBLISH', ARGV[3], 'ledger')
return 'saved'
