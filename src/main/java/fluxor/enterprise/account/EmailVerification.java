package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountMetrics.Flow.EMAIL_VERIFICATION;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.logging.Audit;
import fluxor.enterprise.users.User;
import fluxor.enterprise.users.UserRepository;
import java.time.Instant;
import java.util.UUID;

/**
 * Verifying an address: the email at registration and on request, and the confirmation, which for an email-change
 * token also moves the account to the new address (409 if another account took it meanwhile).
 */
final class EmailVerification {
    static final String VERIFIED_EVENT = "user.email_verified";
    static final String UPDATED_EVENT = "user.updated";
    private static final String RESEND = "verify";

    private final Flow flow;
    private final UserRepository users;

    EmailVerification(Flow flow, UserRepository users) {
        this.flow = flow;
        this.users = users;
    }

    /** In the registration's transaction: the verification email's outbox row, beside the welcome email's. */
    UserRepository.InSameTransaction inRegistration() {
        return (tx, user) -> {
            flow.outbox()
                    .append(
                            tx,
                            AccountMailer.VERIFY_EMAIL,
                            userPayload(user.id()),
                            flow.clock().instant());
            flow.metrics().requested(EMAIL_VERIFICATION);
        };
    }

    void resend(Caller caller, String ip) {
        User user = users.findById(caller.id())
                .orElseThrow(() -> new AppException.Unauthorized("The access token is missing, invalid or expired."));
        if (user.emailVerified()) {
            throw new AppException.Conflict("This email address is already verified.");
        }
        Instant now = flow.clock().instant();
        try {
            flow.limits()
                    .check(RESEND, user.id().toString(), flow.settings().resendsPerUser(), ip, Integer.MAX_VALUE, now);
        } catch (AppException.RetryLater e) {
            flow.metrics().failed(EMAIL_VERIFICATION);
            Audit.log("email_verification.rate_limited", "user_id", user.id().toString());
            throw e;
        }
        flow.store().inTransaction(tx -> {
            flow.store().recordRequest(tx, RESEND, user.id().toString(), ip, now);
            return flow.outbox().append(tx, AccountMailer.VERIFY_EMAIL, userPayload(user.id()), now);
        });
        flow.wake().run();
        flow.metrics().requested(EMAIL_VERIFICATION);
        Audit.log("email_verification.requested", "user_id", user.id().toString());
    }

    /** Spends a verification or email-change token; returns the user as it is now. */
    User confirm(String token) {
        Instant now = flow.clock().instant();
        OneTimeTokens.Spent spent;
        try {
            spent = flow.store().inTransaction(tx -> {
                OneTimeTokens.Spent s = flow.tokens()
                        .spend(tx, token, TokenKind.VERIFY_EMAIL, TokenKind.CHANGE_EMAIL, now)
                        .orElseThrow(OneTimeTokens::invalid);
                User user = users.findById(s.userId()).orElseThrow(OneTimeTokens::invalid);
                if (s.kind() == TokenKind.CHANGE_EMAIL) {
                    flow.store().changeEmail(tx, s.userId(), s.email(), now);
                    flow.outbox().append(tx, UPDATED_EVENT, userPayload(s.userId()), now);
                } else if (!User.emailKey(user.email()).equals(User.emailKey(s.email()))) {
                    throw OneTimeTokens.invalid(); // sent to an address the account no longer has
                } else {
                    flow.store().markVerified(tx, s.userId(), now);
                }
                flow.outbox().append(tx, VERIFIED_EVENT, userPayload(s.userId()), now);
                return s;
            });
        } catch (AppException e) {
            flow.metrics().failed(flowOf(e));
            Audit.log("email_verification.failed", "reason", e.type());
            throw e;
        }
        flow.wake().run();
        flow.metrics()
                .completed(
                        spent.kind() == TokenKind.CHANGE_EMAIL ? AccountMetrics.Flow.EMAIL_CHANGE : EMAIL_VERIFICATION);
        Audit.log(
                spent.kind() == TokenKind.CHANGE_EMAIL ? "user.email_changed" : "user.email_verified",
                "user_id",
                spent.userId().toString());
        return users.findById(spent.userId()).orElseThrow(OneTimeTokens::invalid);
    }

    private static AccountMetrics.Flow flowOf(AppException e) {
        return e instanceof AppException.Conflict ? AccountMetrics.Flow.EMAIL_CHANGE : EMAIL_VERIFICATION;
    }

    static String userPayload(UUID userId) {
        return Jsons.object().add("user_id", userId.toString()).build().toString();
    }
}
