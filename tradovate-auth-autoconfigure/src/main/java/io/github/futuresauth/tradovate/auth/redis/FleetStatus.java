package io.github.futuresauth.tradovate.auth.redis;

/**
 * What a {@link RedisTokenStore} has seen, for health checks and metrics. It holds no
 * secret.
 *
 * @param role this instance's role after its latest attempt to take the lease
 * @param redisReachable whether the latest command to Redis succeeded
 * @param tokenVersion the version of the local copy of the token, {@code 0} when there is
 * none
 * @param leaseAcquisitions how many times this instance was granted the lease
 * @param takeovers how many of those grants followed another owner's lease that had
 * expired rather than been released
 * @param staleWritesRefused how many writes Redis refused because they carried an
 * outdated version or a lease that was no longer the current one
 * @param redisErrors how many commands to Redis failed or timed out
 */
public record FleetStatus(Role role, boolean redisReachable, long tokenVersion, long leaseAcquisitions, long takeovers,
		long staleWritesRefused, long redisErrors) {

	/**
	 * The role of an instance in its fleet.
	 */
	public enum Role {

		/**
		 * The instance holds the lease: it alone may call {@code /auth/*}.
		 */
		HOLDER,

		/**
		 * Another instance holds the lease, or this one gave it back or could not reach
		 * Redis: it uses the token that the holder stores.
		 */
		FOLLOWER

	}

}
