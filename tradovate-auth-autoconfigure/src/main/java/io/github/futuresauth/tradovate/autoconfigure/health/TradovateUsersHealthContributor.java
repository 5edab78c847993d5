package io.github.futuresauth.tradovate.autoconfigure.health;

import java.util.stream.Stream;

import io.github.futuresauth.tradovate.auth.TradovateUsers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.util.Assert;

/**
 * The health of every user of {@link TradovateUsers}, one
 * {@link TradovateHealthIndicator} per user, named by the user's key. Users added or
 * removed while the application runs appear and disappear with them.
 */
public class TradovateUsersHealthContributor implements CompositeHealthContributor {

	private final TradovateUsers users;

	/**
	 * Create a contributor for the given users.
	 * @param users the users
	 */
	public TradovateUsersHealthContributor(TradovateUsers users) {
		Assert.notNull(users, "TradovateUsers must not be null");
		this.users = users;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.users.keys().contains(name) ? indicator(name) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return this.users.keys().stream().map((key) -> new HealthContributors.Entry(key, indicator(key)));
	}

	private TradovateHealthIndicator indicator(String key) {
		return new TradovateHealthIndicator(this.users.getTokenProvider(key));
	}

}
