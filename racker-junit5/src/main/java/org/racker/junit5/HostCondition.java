package org.racker.junit5;

import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.racker.api.Racker;

/**
 * Disables tests, naming the reason, where racker cannot run containers: a laptop without
 * root or systemd-nspawn skips them, a CI runner runs them, with the same build.
 */
final class HostCondition implements ExecutionCondition {
    /** Why this host cannot run containers, with the fix; empty when it can. */
    interface HostCheck {
        Optional<String> unsupportedReason();
    }

    private final HostCheck check;

    HostCondition(HostCheck check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    static HostCondition ofThisHost() {
        return new HostCondition(Racker::hostUnsupportedReason);
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return evaluate();
    }

    ConditionEvaluationResult evaluate() {
        return check.unsupportedReason()
                .map(reason -> ConditionEvaluationResult.disabled("racker cannot run containers on this host: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("racker can run containers on this host"));
    }
}
