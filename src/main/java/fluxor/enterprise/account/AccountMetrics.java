package fluxor.enterprise.account;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.List;

/**
 * {@code account_flows_total{flow, outcome}}: per flow (email_verification, email_change, password_reset, unlock)
 * how many were requested, completed, or failed (bad or spent token, wrong password, taken address, rate limit).
 */
final class AccountMetrics {
    enum Flow {
        EMAIL_VERIFICATION,
        EMAIL_CHANGE,
        PASSWORD_RESET,
        UNLOCK
    }

    void requested(Flow flow) {
        counter(flow, "requested").increment();
    }

    void completed(Flow flow) {
        counter(flow, "completed").increment();
    }

    void failed(Flow flow) {
        counter(flow, "failed").increment();
    }

    private static Counter counter(Flow flow, String outcome) {
        return Metrics.globalRegistry()
                .getOrCreate(Counter.builder("account.flows")
                        .description("Account lifecycle flows by flow and outcome")
                        .tags(List.of(
                                Tag.create("flow", flow.name().toLowerCase(java.util.Locale.ROOT)),
                                Tag.create("outcome", outcome))));
    }
}
