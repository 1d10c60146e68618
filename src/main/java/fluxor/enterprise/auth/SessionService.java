package fluxor.enterprise.auth;

import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The caller's sessions: list, end one, end all. This instance refuses the ended tokens at once, others in ~1 s. */
final class SessionService {
    private final RefreshTokenRepository tokens;
    private final Revocations revocations;
    private final Clock clock;

    SessionService(RefreshTokenRepository tokens, Revocations revocations, Clock clock) {
        this.tokens = tokens;
        this.revocations = revocations;
        this.clock = clock;
    }

    List<SessionStore.Session> list(Caller caller) {
        return tokens.sessions().live(caller.id(), clock.instant());
    }

    /** Another user's session answers like an unknown one, so ids cannot be probed. */
    void revoke(Caller caller, UUID sessionId) {
        Instant now = clock.instant();
        boolean revoked = tokens.inTransaction(tx -> tokens.revokeSession(tx, caller.id(), sessionId, now));
        if (!revoked) {
            throw new AppException.NotFound("No session with this id.");
        }
        Audit.log("session.revoked", "user_id", caller.id().toString(), "session_id", sessionId.toString());
        revocations.sync();
    }

    void revokeAll(Caller caller) {
        Instant now = clock.instant();
        long ended = tokens.inTransaction(tx -> tokens.endAllSessions(tx, caller.id(), now));
        Audit.log(
                "sessions.ended",
                "user_id",
                caller.id().toString(),
                "reason",
                "sign_out_everywhere",
                "sessions",
                Long.toString(ended));
        revocations.sync();
    }
}
