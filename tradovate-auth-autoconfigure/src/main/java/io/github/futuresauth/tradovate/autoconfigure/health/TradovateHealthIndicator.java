package io.github.futuresauth.tradovate.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.autoconfigure.TradovateFailureCause;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * A {@link org.springframework.boot.health.contributor.HealthIndicator} for the access token of
 * a {@link RenewingTokenProvider}. It reports what the provider knows and never calls Tradovate,
 * so that health checks cannot use up logins or sessions:
 * <ul>
 * <li>{@code UP} while the provider holds a token that has not expired, with the details
 * {@code user}, {@code expirationTime}, {@code expiresIn} (an ISO-8601 duration) and
 * {@code lastRenewal} (when the token was renewed at least once);</li>
 * <li>{@code DOWN} when the latest login failed, with the details {@code reason} and
 * {@code cause} (see {@link TradovateFailureCause}), or when the token expired without being
 * renewed;</li>
 * <li>{@code UNKNOWN} before the first login.</li>
 * </ul>
 * The token itself is never part of the details.
 */
public class TradovateHealthIndicator extends AbstractHealthIndicator {

	private final RenewingTokenProvider tokenProvider;

	/**
	 * Create an indicator for the given provider.
	 * @param tokenProvider the provider whose token to report on
	 */
	public TradovateHealthIndicator(RenewingTokenProvider tokenProvider) {
		super("Tradovate health check failed");
		Assert.notNull(tokenProvider, "RenewingTokenProvider must not be null");
		this.tokenProvider = tokenProvider;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		TradovateAuthException failure = this.tokenProvider.getLastLoginFailure();
		if (failure != null) {
			builder.down()
				.withDetail("reason", String.valueOf(failure.getMessage()))
				.withDetail("cause", TradovateFailureCause.of(failure).getCode());
			return;
		}
		AccessToken token = this.tokenProvider.getCurrentToken();
		if (token == null) {
			builder.unknown().withDetail("reason", "Not logged in to Tradovate yet");
			return;
		}
		Instant now = this.tokenProvider.getClock().instant();
		if (token.isExpired(now)) {
			builder.down()
				.withDetail("reason", "The access token expired at " + token.expirationTime()
						+ " and could not be renewed");
			addTokenDetails(builder, token);
			return;
		}
		builder.up();
		addTokenDetails(builder, token);
		builder.withDetail("expiresIn",
				Duration.between(now, token.expirationTime()).truncatedTo(ChronoUnit.SECONDS).toString());
		Instant lastRenewal = this.tokenProvider.getLastRenewal();
		if (lastRenewal != null) {
			builder.withDetail("lastRenewal", lastRenewal.toString());
		}
	}

	private void addTokenDetails(Health.Builder builder, AccessToken token) {
		if (token.name() != null) {
			builder.withDetail("user", token.name());
		}
		builder.withDetail("expirationTime", token.expirationTime().toString());
	}

}
