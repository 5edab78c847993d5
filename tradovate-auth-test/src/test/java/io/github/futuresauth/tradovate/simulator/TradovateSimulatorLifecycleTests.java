package io.github.futuresauth.tradovate.simulator;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for starting, configuring and closing of {@link TradovateSimulator}, over real
 * HTTP.
 */
class TradovateSimulatorLifecycleTests extends AbstractTradovateSimulatorTests {

	@Test
	void baseUrlNamesTheLoopbackAddressAndPort() {
		TradovateSimulator simulator = this.simulator;
		assertThat(simulator.port()).isPositive();
		assertThat(simulator.baseUrl()).hasToString("http://127.0.0.1:" + simulator.port() + "/v1");
		assertThat(simulator.toString()).contains(simulator.baseUrl().toString());
	}

	@Test
	void springPropertiesPointAtTheFirstUser() {
		TradovateSimulator simulator = this.simulator;
		assertThat(simulator.springProperties()).containsExactly("tradovate.base-url=" + simulator.baseUrl(),
				"tradovate.websocket.url=" + simulator.webSockets().tradingUrl(),
				"tradovate.websocket.market-data-url=" + simulator.webSockets().marketDataUrl(),
				"tradovate.name=" + NAME, "tradovate.password=" + PASSWORD, "tradovate.store.type=memory");
		assertThat(simulator.springPropertyMap()).containsEntry("tradovate.base-url", simulator.baseUrl().toString())
			.containsEntry("tradovate.name", NAME)
			.containsEntry("tradovate.password", PASSWORD)
			.containsEntry("tradovate.store.type", "memory")
			.hasSize(6);
	}

	@Test
	void springPropertiesIncludeAppIdAndSecWhenTheFirstUserHasThem() {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user("app-user", "app-password", "my-app", "my-secret")
			.start()) {
			assertThat(simulator.springPropertyMap()).containsEntry("tradovate.app-id", "my-app")
				.containsKey("tradovate.cid")
				.containsEntry("tradovate.sec", "my-secret");
		}
	}

	@Test
	void unstartedSimulatorHasNoAddress() {
		TradovateSimulator simulator = TradovateSimulator.builder().build();
		assertThatIllegalStateException().isThrownBy(simulator::baseUrl);
		assertThatIllegalStateException().isThrownBy(simulator::port);
		assertThat(simulator.toString()).contains("not started");
		simulator.close();
	}

	@Test
	void answersClientsThatOfferAnUpgradeToHttp2() throws Exception {
		// The JDK client's default version asks plain HTTP servers for an h2c upgrade.
		HttpClient httpClient = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.simulator.baseUrl() + "/auth/accesstokenrequest"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"trader\",\"password\":\"s3cret-password\"}"))
			.build();
		HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
		assertThat(SimulatorClient.json(response).has("accessToken")).isTrue();
	}

	@Test
	void simulatorStartsOnlyOnce() {
		assertThatIllegalStateException().isThrownBy(this.simulator::start);
	}

	@Test
	void closeStopsServingAndIsIdempotent() throws Exception {
		TradovateSimulator simulator = TradovateSimulator.builder().user(NAME, PASSWORD).start();
		SimulatorClient client = new SimulatorClient(simulator);
		assertThat(client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
		simulator.close();
		simulator.close();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new SimulatorClient(simulator).login(NAME, PASSWORD));
		assertThat(simulator.toString()).contains("closed");
	}

	@Test
	void advanceRequiresAMutableClock() {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.clock(Clock.fixed(START, ZoneOffset.UTC))
			.build()) {
			assertThatIllegalStateException().isThrownBy(() -> simulator.advance(Duration.ofSeconds(1)));
		}
	}

	@Test
	void defaultClockIsAMutableClockAtTheCurrentInstant() {
		Instant before = Instant.now();
		try (TradovateSimulator simulator = TradovateSimulator.builder().build()) {
			assertThat(simulator.clock()).isInstanceOf(MutableClock.class);
			assertThat(simulator.clock().instant()).isBetween(before, Instant.now());
			simulator.advance(Duration.ofHours(1));
			assertThat(simulator.clock().instant()).isAfter(before.plus(Duration.ofMinutes(59)));
		}
	}

	@Test
	void builderRejectsInvalidSettings() {
		TradovateSimulatorBuilder builder = TradovateSimulator.builder().user(NAME, PASSWORD);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.user(NAME, "other"));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.user(" ", "password"));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.user("someone", ""));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.port(70000));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.sessionLimit(0));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.tokenLifetime(Duration.ZERO));
	}

}
