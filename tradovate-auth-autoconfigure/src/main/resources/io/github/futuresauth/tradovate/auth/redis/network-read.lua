-- Reads the network's ledger with the SHA-1 digest of its bytes, which a compare-and-set
-- names it by: a value that the reader cannot parse, or that it would write otherwise,
-- still has a digest.
-- KEYS: ledger
-- Returns the ledger and its digest, or two empty strings when there is no ledger.
local current = redis.call('GET', KEYS[1])
if current == false then
	return {'', ''}
end
return {current, redis.sha1hex(current)}
