package fluxor.enterprise.mfa;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.List;

/** Counters an operator watches: enrolments, second-step outcomes, recovery-code use (a spike means lost phones or theft), resets. */
final class MfaMetrics {
    private final Counter enrolments = counter("auth.mfa.enrolments", "Two-factor enrolments confirmed");
    private final Counter disabled = counter("auth.mfa.disabled", "Two-factor login turned off by its user");
    private final Counter recoveryCodes =
            counter("auth.mfa.recovery_codes.used", "Recovery codes spent (login or disabling)");
    private final Counter resets = counter("auth.mfa.resets", "Two-factor login reset by an administrator");

    /** By outcome (failure: wrong or replayed) and by what it was for: login, confirm, recovery_codes, disable. */
    private static Counter secondFactor(String outcome, String during) {
        return Metrics.globalRegistry()
                .getOrCreate(Counter.builder("auth.mfa.second_factors")
                        .description("Second factors checked, by outcome and purpose")
                        .tags(List.of(Tag.create("outcome", outcome), Tag.create("during", during))));
    }

    private static Counter counter(String name, String description) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder(name).description(description));
    }

    void enrolled() {
        enrolments.increment();
    }

    void disabled() {
        disabled.increment();
    }

    void succeeded(String during) {
        secondFactor("success", during).increment();
    }

    void failed(String during) {
        secondFactor("failure", during).increment();
    }

    void recoveryCodeUsed() {
        recoveryCodes.increment();
    }

    void reset() {
        resets.increment();
    }
}
