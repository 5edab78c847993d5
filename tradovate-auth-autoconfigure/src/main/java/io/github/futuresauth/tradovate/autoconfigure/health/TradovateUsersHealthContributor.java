package io.github.futuresauth.tradovate.autoconfigure.health;

import java.util.function.Function;
import java.util.stream.Stream;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * The health of every user of {@link TradovateUsers}, one
 * {@link TradovateHealthIndicator} per user, named by the user's key. Users added or
 * removed while the application runs appear and disappear with them.
 */
public class TradovateUsersHealthContributor implements CompositeHealthContributor {

	private final TradovateUsers users;

	private final Function<String, @Nullable String> renewals;

	/**
	 * Create a contributor for the given users.
	 * @param users the users
	 */
	public TradovateUsersHealthContributor(TradovateUsers users) {
		this(users, (key) -> null);
	}

	/**
	 * Create a contributor for the given users that also tells, as the detail
	 * {@code renewal}, how a user's token was last kept alive, such as for users who
	 * connected through OAuth.
	 * @param users the users
	 * @param renewals how the token of the user of a key was last kept alive, or
	 * {@code null} when there is nothing to tell
	 */
	public TradovateUsersHealthContributor(TradovateUsers users, Function<String, @Nullable String> renewals) {
		Assert.notNull(users, "TradovateUsers must not be null");
		this.users = users;
		this.renewals = renewals;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.users.keys().contains(name) ? indicator(name) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.users.keys().stream().<HealthContributors.Entry>mapMulti((key, entries) -> {
			HealthIndicator indicator = indicator(key);
			if (indicator != null) {
				entries.accept(new HealthContributors.Entry(key, indicator));
			}
		});
	}

	/** The user's indicator, or {@code null} when the user was removed meanwhile. */
	private @Nullable HealthIndicator indicator(String key) {
		RenewingTokenProvider provider;
		try {
			provider = this.users.getTokenProvider(key);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		TradovateHealthIndicator indicator = new TradovateHealthIndicator(provider);
		return () -> {
			Health health = indicator.health();
			String renewal = this.renewals.apply(key);
			return (renewal != null) ? Health.status(health.getStatus())
				.withDetails(health.getDetails())
				.withDetail("renewal", renewal)
				.build() : health;
		};
	}

}
