-- Reads the token's version and payload, and the ledger, at one instant.
-- KEYS: token, version, lease, fence, holder, ledger
local token = redis.call('HMGET', KEYS[1], 'version', 'payload')
return { token[1], token[2], redis.call('GET', KEYS[6]) }
