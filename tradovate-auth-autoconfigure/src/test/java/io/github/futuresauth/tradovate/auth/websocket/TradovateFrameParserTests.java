package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TradovateFrameParser}.
 */
class TradovateFrameParserTests {

	private final TradovateFrameParser parser = new TradovateFrameParser();

	@Test
	void parsesOpenAndHeartbeat() {
		assertThat(this.parser.parse("o")).isInstanceOf(TradovateFrame.Open.class);
		assertThat(this.parser.parse("h")).isInstanceOf(TradovateFrame.Heartbeat.class);
	}

	@Test
	void parsesResponsesAndEventsInOrder() {
		TradovateFrame frame = this.parser
			.parse("a[{\"s\":200,\"i\":3,\"d\":{\"users\":[]}},{\"e\":\"props\",\"d\":{\"entityType\":\"order\"}},"
					+ "{\"e\":\"shutdown\"},{\"unknown\":true},42]");
		assertThat(frame).isInstanceOf(TradovateFrame.Messages.class);
		var messages = ((TradovateFrame.Messages) frame).messages();
		assertThat(messages).hasSize(3);
		TradovateResponse response = (TradovateResponse) messages.get(0);
		assertThat(response.requestId()).isEqualTo(3);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.isSuccessful()).isTrue();
		assertThat(response.data().get("users").isArray()).isTrue();
		TradovateEvent event = (TradovateEvent) messages.get(1);
		assertThat(event.name()).isEqualTo("props");
		assertThat(event.data().get("entityType").stringValue()).isEqualTo("order");
		assertThat(((TradovateEvent) messages.get(2)).data().isMissingNode()).isTrue();
	}

	@Test
	void recognizesRateLimits() {
		TradovateResponse tooMany = response("a[{\"s\":429,\"i\":4}]");
		assertThat(tooMany.isRateLimited()).isTrue();
		assertThat(tooMany.isSuccessful()).isFalse();
		assertThat(tooMany.penaltyTime()).isNull();
		TradovateResponse penalty = response(
				"a[{\"s\":200,\"i\":5,\"d\":{\"p-ticket\":\"secret-ticket\",\"p-time\":12,\"p-captcha\":true}}]");
		assertThat(penalty.isRateLimited()).isTrue();
		assertThat(penalty.isSuccessful()).isFalse();
		assertThat(penalty.penaltyTime()).isEqualTo(Duration.ofSeconds(12));
		assertThat(penalty.isCaptchaRequired()).isTrue();
		assertThat(penalty.toString()).doesNotContain("secret-ticket");
	}

	@Test
	void parsesClose() {
		assertThat(this.parser.parse("c[1000,\"Bye\"]")).isEqualTo(new TradovateFrame.Closed(1000, "Bye"));
		assertThat(this.parser.parse("c[]")).isEqualTo(new TradovateFrame.Closed(0, ""));
	}

	@Test
	void parsesABareClose() {
		assertThat(this.parser.parse("c")).isEqualTo(new TradovateFrame.Closed(0, ""));
	}

	@Test
	void refusesUnknownAndMalformedFramesWithoutQuotingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse("")).withMessage("Empty frame");
		assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse("xsecret"))
			.withMessage("Unknown frame type 'x'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse("a{\"secret\":1}"))
			.withMessage("Frame 'a' does not hold a JSON array");
		assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse("a[secret"))
			.withMessage("Frame 'a' does not hold valid JSON")
			.withNoCause();
	}

	private TradovateResponse response(String frame) {
		return (TradovateResponse) ((TradovateFrame.Messages) this.parser.parse(frame)).messages().get(0);
	}

}
