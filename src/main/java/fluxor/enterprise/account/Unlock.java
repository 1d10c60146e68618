package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountMetrics.Flow.UNLOCK;

import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.UserRepository;
import java.time.Instant;
import java.util.UUID;

/** The unlock link of a locked account: spends the token, then lifts every lock of the account. */
final class Unlock {
    private final Flow flow;
    private final UserRepository users;

    Unlock(Flow flow, UserRepository users) {
        this.flow = flow;
        this.users = users;
    }

    void confirm(String token) {
        Instant now = flow.clock().instant();
        UUID userId;
        try {
            userId = flow.store()
                    .inTransaction(tx -> flow.tokens()
                            .spend(tx, token, TokenKind.UNLOCK, TokenKind.UNLOCK, now)
                            .map(OneTimeTokens.Spent::userId)
                            .orElseThrow(OneTimeTokens::invalid));
        } catch (AppException e) {
            flow.metrics().failed(UNLOCK);
            Audit.log("account.unlock_failed", "reason", e.type());
            throw e;
        }
        users.clearFailures(userId);
        flow.metrics().completed(UNLOCK);
        Audit.log("account.unlocked", "user_id", userId.toString());
    }
}
