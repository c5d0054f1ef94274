package io.github.mediastreams.context;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code context-broker.url} has text. Not {@code @ConditionalOnProperty}: that one
 * matches an empty value, and {@code CONTEXT_BROKER_URL=} (set but empty) is how compose files say
 * "off".
 */
final class BrokerUrlCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        boolean set = Binder.get(context.getEnvironment())
                .bind("context-broker.url", String.class)
                .map(url -> !url.isBlank())
                .orElse(false);
        return set ? ConditionOutcome.match("context-broker.url is set")
                : ConditionOutcome.noMatch("context-broker.url is not set");
    }
}
