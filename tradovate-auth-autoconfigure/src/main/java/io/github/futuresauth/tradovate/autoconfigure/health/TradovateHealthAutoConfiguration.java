package io.github.futuresauth.tradovate.autoconfigure.health;

import io.github.futuresauth.tradovate.auth.TokenStatusSource;
import java.util.Locale;

import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.oauth.OAuthRenewal;
import io.github.futuresauth.tradovate.autoconfigure.NoUsersCondition;
import io.github.futuresauth.tradovate.autoconfigure.SeveralUsersCondition;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.oauth.TradovateOAuthUsers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of a {@link TradovateHealthIndicator} for the auto-configured
 * {@link TokenStatusSource}, contributed to the health endpoint as {@code tradovate}.
 * Turn it off with {@code management.health.tradovate.enabled=false}.
 */
@AutoConfiguration(after = TradovateAuthAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("tradovate")
public final class TradovateHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "tradovateHealthIndicator", "tradovateHealthContributor" })
	@ConditionalOnBean(TokenStatusSource.class)
	@Conditional(NoUsersCondition.class)
	TradovateHealthIndicator tradovateHealthIndicator(TokenStatusSource tokenProvider) {
		return new TradovateHealthIndicator(tokenProvider);
	}

	/**
	 * With {@code tradovate.users}, or users who connect through OAuth, {@code tradovate}
	 * holds one component per user, the default user's as {@code default}. For a user who
	 * connected through OAuth, the detail {@code renewal} tells how its token was last
	 * kept alive: {@code renew}, {@code refresh} or {@code reauthorize}.
	 */
	@Bean
	@ConditionalOnMissingBean(name = { "tradovateHealthIndicator", "tradovateHealthContributor" })
	@ConditionalOnBean(TradovateUsers.class)
	@Conditional(SeveralUsersCondition.class)
	TradovateUsersHealthContributor tradovateHealthContributor(TradovateUsers users,
			ObjectProvider<TradovateOAuthUsers> oauthUsers) {
		TradovateOAuthUsers oauth = oauthUsers.getIfAvailable();
		return (oauth != null) ? new TradovateUsersHealthContributor(users, (key) -> {
			String principalName = TradovateOAuthUsers.principalName(key);
			OAuthRenewal renewal = (principalName != null) ? oauth.getLastRenewal(principalName) : OAuthRenewal.NONE;
			return (renewal != OAuthRenewal.NONE) ? renewal.name().toLowerCase(Locale.ROOT) : null;
		}) : new TradovateUsersHealthContributor(users);
	}

}
