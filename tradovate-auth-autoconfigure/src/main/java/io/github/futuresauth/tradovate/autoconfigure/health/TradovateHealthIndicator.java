package io.github.futuresauth.tradovate.autoconfigure.health;

import java.time.temporal.ChronoUnit;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.TokenStatus;
import io.github.futuresauth.tradovate.auth.TokenStatusSource;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.autoconfigure.TokenStatusDetails;
import io.github.futuresauth.tradovate.autoconfigure.TradovateFailureCause;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * A {@link org.springframework.boot.health.contributor.HealthIndicator} for the access
 * token of a {@link TokenStatusSource}, such as the auto-configured token provider. It
 * reports what the provider knows and never calls Tradovate, so that health checks cannot
 * use up logins or sessions:
 * <ul>
 * <li>{@code UP} while there is a token that has not expired, with the details
 * {@code user}, {@code expirationTime}, {@code expiresIn} (an ISO-8601 duration),
 * {@code lastRenewal} (once the token was renewed) and {@code nextRefresh};</li>
 * <li>{@code DOWN} when the latest login failed, with the details {@code reason} and
 * {@code cause} (see {@link TradovateFailureCause}), or when the token expired without
 * being replaced;</li>
 * <li>{@code UNKNOWN} before the first login.</li>
 * </ul>
 * Whatever the status, the details also show the {@code hold} on logins in force (its
 * {@code reason}, {@code until} and {@code message}), the {@code budget} of requests to
 * {@code /auth/*} used in the last hour against its limits, and the {@code clockOffset}
 * of Tradovate's clock. The token itself is never part of the details.
 */
public class TradovateHealthIndicator extends AbstractHealthIndicator {

	private final TokenStatusSource tokenProvider;

	/**
	 * Create an indicator for the given provider.
	 * @param tokenProvider the provider whose token to report on
	 */
	public TradovateHealthIndicator(TokenStatusSource tokenProvider) {
		super("Tradovate health check failed");
		Assert.notNull(tokenProvider, "TokenStatusSource must not be null");
		this.tokenProvider = tokenProvider;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		TokenStatus status = this.tokenProvider.getStatus();
		switch (status.state()) {
			case VALID -> {
				builder.up();
				addTokenDetails(builder, status);
				builder.withDetail("expiresIn", status.expiresIn().truncatedTo(ChronoUnit.SECONDS).toString());
				if (status.lastRenewal() != null) {
					builder.withDetail("lastRenewal", status.lastRenewal().toString());
				}
				if (status.nextRefresh() != null) {
					builder.withDetail("nextRefresh", status.nextRefresh().toString());
				}
			}
			case FAILED -> {
				TradovateAuthException failure = status.lastFailure();
				builder.down()
					.withDetail("reason", String.valueOf((failure != null) ? failure.getMessage() : null))
					.withDetail("cause", TradovateFailureCause.of(failure).getCode());
			}
			case EXPIRED -> {
				builder.down()
					.withDetail("reason",
							(status.expirationTime() != null)
									? "The access token expired at " + status.expirationTime()
											+ " and could not be renewed"
									: "The access token was rejected and has not been replaced yet");
				addTokenDetails(builder, status);
			}
			case NONE -> builder.unknown().withDetail("reason", "Not logged in to Tradovate yet");
		}
		Hold hold = status.hold();
		if (hold != null) {
			builder.withDetail("hold", TokenStatusDetails.hold(hold));
		}
		builder.withDetail("budget", TokenStatusDetails.budget(status));
		builder.withDetail("clockOffset", status.clockOffset().truncatedTo(ChronoUnit.SECONDS).toString());
	}

	private static void addTokenDetails(Health.Builder builder, TokenStatus status) {
		if (status.user() != null) {
			builder.withDetail("user", status.user());
		}
		if (status.expirationTime() != null) {
			builder.withDetail("expirationTime", status.expirationTime().toString());
		}
	}

}
