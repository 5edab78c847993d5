package io.github.futuresauth.tradovate.auth.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link RenewingTokenProvider} instances that share a {@link RedisTokenStore},
 * as the instances of a fleet do, each with connections of its own, against the
 * simulator.
 */
class RedisFleetTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	@RegisterExtension
	static final TradovateSimulatorExtension tradovate = new TradovateSimulatorExtension();

	private final TradovateSimulator simulator = tradovate.simulator();

	private final List<RenewingTokenProvider> providers = new ArrayList<>();

	private RedisStores stores;

	@BeforeEach
	void createStores() {
		this.stores = new RedisStores(redis.getServer());
	}

	@AfterEach
	void close() throws Exception {
		this.providers.forEach(RenewingTokenProvider::close);
		this.stores.close();
	}

	@Test
	void anInstanceUsesTheTokenThatAnotherLoggedInFor() {
		RedisTokenStore secondStore = this.stores.create();
		RenewingTokenProvider first = provider(this.stores.create());
		RenewingTokenProvider second = provider(secondStore);
		AccessToken token = first.getToken();
		await().atMost(Duration.ofSeconds(2)).until(() -> secondStore.current() != null);
		assertThat(second.getToken().accessToken()).isEqualTo(token.accessToken());
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void everyInstanceServesTheTokenThatOneRenewed() {
		RenewingTokenProvider first = provider(this.stores.create());
		RenewingTokenProvider second = provider(this.stores.create());
		first.getToken();
		((MutableClock) this.simulator.clock()).advance(Duration.ofMinutes(5));
		AccessToken renewed = first.renewNow();
		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(second.getToken().accessToken()).isEqualTo(renewed.accessToken()));
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().renewals()).isOne();
	}

	private RenewingTokenProvider provider(RedisTokenStore store) {
		RenewingTokenProvider provider = new RenewingTokenProvider(
				TradovateAuthClient.create(this.simulator.baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2)),
				TradovateCredentials.of(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD));
		provider.setClock(this.simulator.clock());
		provider.setTokenStore(store);
		this.providers.add(provider);
		return provider;
	}

}
