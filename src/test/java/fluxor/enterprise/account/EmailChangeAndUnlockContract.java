package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountTests.CHANGE_EMAIL;
import static fluxor.enterprise.account.AccountTests.PASSWORD;
import static fluxor.enterprise.account.AccountTests.UNLOCK;
import static fluxor.enterprise.account.AccountTests.VERIFY_CONFIRM;
import static fluxor.enterprise.account.AccountTests.count;
import static fluxor.enterprise.account.AccountTests.expect;
import static fluxor.enterprise.account.AccountTests.json;
import static fluxor.enterprise.account.AccountTests.stable;
import static fluxor.enterprise.account.AccountTests.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import fluxor.enterprise.events.MailMessage;
import fluxor.enterprise.events.Outbox;
import io.helidon.http.Status;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Changing the address (nothing changes until the new one confirms) and the unlock link of a locked account. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmailChangeAndUnlockContract {
    private final Mailbox mail = new Mailbox();

    @RegisterExtension
    final TestServer server;

    private final ApiClient api;

    EmailChangeAndUnlockContract(TestDatabases.Kind kind) {
        Map<String, String> overrides = new HashMap<>(AccountTests.overrides());
        overrides.put("auth.lockout.account-threshold", "6");
        server = TestServer.start(kind, overrides, mail.sender);
        api = server.api();
    }

    private ApiClient.Res change(ApiClient.Session s, String newEmail, String password) {
        return api.post(CHANGE_EMAIL, s.accessToken(), json("new_email", newEmail, "current_password", password));
    }

    @Test
    void theAddressChangesOnlyWhenTheNewOneConfirms() {
        String old = unique("old");
        String next = unique("new");
        ApiClient.Res reg = expect(api.register(old, PASSWORD, "Eve <script>alert(1)</script>"), Status.CREATED_201);
        ApiClient.Session s = api.session(reg.json().getString("id"), old, PASSWORD);

        expect(change(s, next, PASSWORD), Status.ACCEPTED_202);
        MailMessage notice = mail.await(old, AccountMail.CHANGE_NOTICE_SUBJECT);
        assertThat(notice.body(), containsString(next));
        assertThat(notice.body(), not(containsString("token=")));
        assertThat(notice.html(), containsString("Eve &lt;script&gt;alert(1)&lt;/script&gt;"));
        assertThat(notice.html(), not(containsString("<script>")));
        String token = Mailbox.token(mail.await(next, AccountMail.CHANGE_SUBJECT), "verify-email");
        assertThat(api.get("/api/v1/users/me", s.accessToken()).json().getString("email"), is(old));
        expect(api.login(next, PASSWORD), Status.UNAUTHORIZED_401);

        ApiClient.Res confirmed = expect(api.post(VERIFY_CONFIRM, null, json("token", token)), Status.OK_200);
        assertThat(confirmed.json().getString("email"), is(next));
        assertThat(confirmed.json().getBoolean("email_verified"), is(true));
        expect(api.login(next, PASSWORD), Status.OK_200);
        expect(api.login(old, PASSWORD), Status.UNAUTHORIZED_401);
        assertThat(
                new Outbox(AccountTests.db(server))
                        .ofType(EmailVerification.UPDATED_EVENT, 10_000).stream()
                                .anyMatch(e -> e.payload().contains(s.id())),
                is(true));
    }

    @Test
    void aWrongPasswordAMalformedTakenOrUnchangedAddressIsRefused() {
        String email = unique("refused");
        ApiClient.Session s = api.signUp(email, PASSWORD);
        String taken = unique("taken");
        api.signUp(taken, PASSWORD);
        long outbox = count(server, "SELECT COUNT(*) FROM outbox");

        ApiClient.Res wrong = expect(change(s, unique("x"), "not the password at all"), Status.UNAUTHORIZED_401);
        assertThat(wrong.contentType(), is("application/problem+json"));
        assertThat(
                expect(change(s, "no-at-sign", PASSWORD), Status.BAD_REQUEST_400)
                        .body(),
                containsString("new_email"));
        expect(change(s, taken.toUpperCase(java.util.Locale.ROOT), PASSWORD), Status.CONFLICT_409);
        expect(change(s, email, PASSWORD), Status.BAD_REQUEST_400);
        expect(
                api.post(CHANGE_EMAIL, null, json("new_email", unique("y"), "current_password", PASSWORD)),
                Status.UNAUTHORIZED_401);
        assertThat(count(server, "SELECT COUNT(*) FROM outbox"), is(outbox));
    }

    @Test
    void anAddressTakenBetweenRequestAndConfirmIsA409AndNothingChanges() {
        String email = unique("racer");
        ApiClient.Session s = api.signUp(email, PASSWORD);
        String wanted = unique("wanted");
        expect(change(s, wanted, PASSWORD), Status.ACCEPTED_202);
        String token = Mailbox.token(mail.await(wanted, AccountMail.CHANGE_SUBJECT), "verify-email");
        api.signUp(wanted, PASSWORD);

        expect(api.post(VERIFY_CONFIRM, null, json("token", token)), Status.CONFLICT_409);
        assertThat(api.get("/api/v1/users/me", s.accessToken()).json().getString("email"), is(email));
        expect(api.login(email, PASSWORD), Status.OK_200);
    }

    @Test
    void aLockedAccountGetsAnUnlockLinkThatLiftsTheLockOnce() {
        String email = unique("locked");
        api.signUp(email, PASSWORD);
        // the account-wide threshold (6 here, the lowest allowed) reached from six client IPs, each under its per-IP 5
        for (int i = 1; i <= 6; i++) {
            String ip = "203.0.113." + i;
            expect(api.login(email, "not the passphrase", Map.of("X-Forwarded-For", ip)), Status.UNAUTHORIZED_401);
        }
        expect(api.login(email, PASSWORD, Map.of("X-Forwarded-For", "198.51.100.7")), Status.TOO_MANY_REQUESTS_429);

        MailMessage unlock = mail.await(email, AccountMail.UNLOCK_SUBJECT);
        String token = Mailbox.token(unlock, "unlock");
        assertThat(unlock.html(), containsString(Mailbox.PUBLIC_URL + "/unlock?token=" + token));
        expect(api.post(UNLOCK, null, json("token", token)), Status.NO_CONTENT_204);
        expect(api.login(email, PASSWORD, Map.of("X-Forwarded-For", "198.51.100.7")), Status.OK_200);

        ApiClient.Res again = expect(api.post(UNLOCK, null, json("token", token)), Status.BAD_REQUEST_400);
        ApiClient.Res unknown = api.post(UNLOCK, null, json("token", OneTimeTokens.randomToken()));
        assertThat(stable(again), is(stable(unknown)));
    }
}
