package io.github.futuresauth.tradovate.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample as a user does, on its embedded simulator, and reads what it prints.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Test
	void logsInCallsTradovateAndRenews(CapturedOutput output) {
		// Tokens that live four seconds are renewed after about two: the renewal is real, not simulated time.
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--server.port=0", "--sample.simulator.token-lifetime=4s", "--sample.poll-interval=1s")) {
			assertThat(output).contains("Started the embedded Tradovate simulator at http://127.0.0.1:")
				.contains("[sample] Logged in as 'trader'; the token expires at")
				.contains("[sample] TokenProvider holds the token of 'trader'")
				.contains("[sample] /auth/me: user 'trader'")
				.contains("[sample] /account/list: 1 account(s)");
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output).contains("[sample] Token renewed; it now expires at"));
			assertThat(output).doesNotContain("s3cret-password");
			String port = context.getEnvironment().getProperty("local.server.port");
			String health = RestClient.create("http://localhost:" + port)
				.get()
				.uri("/actuator/health/tradovate")
				.retrieve()
				.body(String.class);
			assertThat(health).contains("\"status\":\"UP\"", "\"user\":\"trader\"", "lastRenewal");
		}
	}

}
