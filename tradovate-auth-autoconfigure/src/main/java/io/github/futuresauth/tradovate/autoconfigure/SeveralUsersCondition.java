package io.github.futuresauth.tradovate.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code tradovate.users.*} are set, or users connect through OAuth
 * ({@code spring.security.oauth2.client.registration.tradovate.client-id}): the
 * application acts for several Tradovate users, and reports on each by its key. For the
 * starter's own auto-configurations.
 */
public class SeveralUsersCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return hasUsers(Binder.get(context.getEnvironment()))
				? ConditionOutcome.match("tradovate.users are set, or users connect through OAuth")
				: ConditionOutcome.noMatch("no tradovate.users are set, and no users connect through OAuth");
	}

	static boolean hasUsers(Binder binder) {
		return !binder.bind("tradovate.users", Bindable.mapOf(String.class, Object.class)).orElse(Map.of()).isEmpty()
				|| binder.bind("spring.security.oauth2.client.registration.tradovate.client-id", String.class)
					.isBound();
	}

}
