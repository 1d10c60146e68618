package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountMetrics.Flow.UNLOCK;

import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** The unlock link of a locked account: spends the token, then lifts every lock of the account. */
final class Unlock {
    private final AccountStore store;
    private final OneTimeTokens tokens;
    private final UserRepository users;
    private final AccountMetrics metrics;
    private final Clock clock;

    Unlock(AccountStore store, OneTimeTokens tokens, UserRepository users, AccountMetrics metrics, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.users = users;
        this.metrics = metrics;
        this.clock = clock;
    }

    void confirm(String token) {
        Instant now = clock.instant();
        UUID userId;
        try {
            userId = store.inTransaction(tx -> tokens.spend(tx, token, TokenKind.UNLOCK, TokenKind.UNLOCK, now)
                    .map(OneTimeTokens.Spent::userId)
                    .orElseThrow(OneTimeTokens::invalid));
        } catch (AppException e) {
            metrics.failed(UNLOCK);
            Audit.log("account.unlock_failed", "reason", e.type());
            throw e;
        }
        users.clearFailures(userId);
        metrics.completed(UNLOCK);
        Audit.log("account.unlocked", "user_id", userId.toString());
    }
}
