-- Forgets the token of version ARGV[2], for the lease ARGV[1], and announces the change on
-- channel ARGV[3].
-- KEYS: token, version, lease, fence, holder, ledger
-- Returns 'fenced', 'stale', or 'removed'.
if redis.call('GET', KEYS[3]) ~= ARGV[1] then
	return 'fenced'
end
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[2] then
	return 'stale'
end
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[3], 'token')
return 'removed'
