package io.github.futuresauth.tradovate.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the application has a default Tradovate user, the one of the flat
 * {@code tradovate.*} properties: when {@code tradovate.name} is set, or when no
 * {@code tradovate.users.*} are, so that a missing name is reported as such. For the
 * beans of the default user in the starter's own auto-configurations.
 */
public class DefaultUserCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Binder binder = Binder.get(context.getEnvironment());
		if (StringUtils.hasText(binder.bind("tradovate.name", String.class).orElse(null))) {
			return ConditionOutcome.match("tradovate.name is set");
		}
		return SeveralUsersCondition.hasUsers(binder)
				? ConditionOutcome
					.noMatch("tradovate.users are set or users connect through OAuth, and tradovate.name" + " is not")
				: ConditionOutcome.match("no tradovate.users are set");
	}

}
