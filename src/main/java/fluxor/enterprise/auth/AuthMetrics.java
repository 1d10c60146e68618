package fluxor.enterprise.auth;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.util.List;

/** Counters an operator alerts on: login outcomes (a spike of failures or lockouts), refreshes, token reuse. */
public final class AuthMetrics {
    private final Counter loginSuccess = login("success");
    private final Counter loginFailure = login("failure");
    private final Counter loginLocked = login("locked");
    private final Counter registrations = counter("auth.registrations", "Users registered");
    private final Counter refreshes = counter("auth.refreshes", "Refresh tokens rotated");
    private final Counter reuse = counter("auth.refresh.reuse", "Spent refresh tokens presented again");

    private static Counter login(String outcome) {
        return Metrics.globalRegistry()
                .getOrCreate(Counter.builder("auth.logins")
                        .description("Login attempts by outcome")
                        .tags(List.of(Tag.create("outcome", outcome))));
    }

    private static Counter counter(String name, String description) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder(name).description(description));
    }

    void loginSucceeded() {
        loginSuccess.increment();
    }

    void loginFailed() {
        loginFailure.increment();
    }

    void loginLocked() {
        loginLocked.increment();
    }

    public void registered() {
        registrations.increment();
    }

    void refreshed() {
        refreshes.increment();
    }

    void reuseDetected() {
        reuse.increment();
    }
}
