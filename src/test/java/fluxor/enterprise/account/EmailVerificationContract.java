package fluxor.enterprise.account;

import static fluxor.enterprise.account.AccountTests.PASSWORD;
import static fluxor.enterprise.account.AccountTests.VERIFY;
import static fluxor.enterprise.account.AccountTests.VERIFY_CONFIRM;
import static fluxor.enterprise.account.AccountTests.expect;
import static fluxor.enterprise.account.AccountTests.json;
import static fluxor.enterprise.account.AccountTests.stable;
import static fluxor.enterprise.account.AccountTests.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import fluxor.enterprise.events.MailMessage;
import fluxor.enterprise.events.Outbox;
import io.helidon.http.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email verification over HTTP: the email at registration, resend, confirm, and every way a token is refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmailVerificationContract {
    private final Mailbox mail = new Mailbox();

    @RegisterExtension
    final TestServer server;

    private final ApiClient api;

    EmailVerificationContract(TestDatabases.Kind kind) {
        server = TestServer.start(kind, AccountTests.overrides(), mail.sender);
        api = server.api();
    }

    @Test
    void registrationSendsAVerificationEmailWithALinkAndAnEscapedHtmlPart() {
        String email = unique("verify");
        expect(api.register(email, PASSWORD, "<b>Ada</b> & \"Co\""), Status.CREATED_201);

        MailMessage verify = mail.await(email, AccountMail.VERIFY_SUBJECT);
        String token = Mailbox.token(verify, "verify-email");
        assertThat(token, matchesPattern("[A-Za-z0-9_-]{43}")); // 32 bytes, URL-safe base64, no padding
        assertThat(verify.html(), containsString("href=\"" + Mailbox.PUBLIC_URL + "/verify-email?token=" + token));
        assertThat(verify.html(), containsString("&lt;b&gt;Ada&lt;/b&gt; &amp; &quot;Co&quot;"));
        assertThat(verify.html(), not(containsString("<b>Ada")));
        // the welcome email still goes out beside it
        mail.await(email, "Welcome to Fluxor Enterprise");
        // only the hash is stored
        assertThat(
                AccountTests.count(server, "SELECT COUNT(*) FROM account_tokens WHERE token_hash = ?", token), is(0L));
        assertThat(
                AccountTests.count(
                        server, "SELECT COUNT(*) FROM account_tokens WHERE token_hash = ?", OneTimeTokens.hash(token)),
                is(1L));
    }

    @Test
    void confirmingMarksTheAddressVerifiedAndWritesTheDomainEvent() {
        String email = unique("confirm");
        ApiClient.Session s = api.signUp(email, PASSWORD);
        String token = Mailbox.token(mail.await(email, AccountMail.VERIFY_SUBJECT), "verify-email");

        ApiClient.Res ok = expect(api.post(VERIFY_CONFIRM, null, json("token", token)), Status.OK_200);
        assertThat(ok.json().getBoolean("email_verified"), is(true));
        assertThat(ok.json().getString("id"), is(s.id()));
        assertThat(api.get("/api/v1/users/me", s.accessToken()).json().getBoolean("email_verified"), is(true));
        assertThat(
                new Outbox(AccountTests.db(server))
                        .ofType(EmailVerification.VERIFIED_EVENT, 10_000).stream()
                                .filter(e -> e.payload().contains(s.id()))
                                .toList(),
                hasSize(1));
        // verified now: a resend is a conflict
        expect(api.post(VERIFY, s.accessToken(), null), Status.CONFLICT_409);
    }

    @Test
    void aTokenUsedTwiceOrSupersededGetsTheSameAnswerAsAnUnknownOne() {
        ApiClient.Res unknown = expect(
                api.post(VERIFY_CONFIRM, null, json("token", OneTimeTokens.randomToken())), Status.BAD_REQUEST_400);

        String email = unique("twice");
        ApiClient.Session s = api.signUp(email, PASSWORD);
        String first = Mailbox.token(mail.await(email, AccountMail.VERIFY_SUBJECT), "verify-email");
        expect(api.post(VERIFY, s.accessToken(), null), Status.ACCEPTED_202);
        String second = Mailbox.token(mail.await(email, AccountMail.VERIFY_SUBJECT, 2), "verify-email");
        ApiClient.Res superseded = api.post(VERIFY_CONFIRM, null, json("token", first));
        assertThat(stable(superseded), is(stable(unknown)));
        expect(api.post(VERIFY_CONFIRM, null, json("token", second)), Status.OK_200);
        ApiClient.Res used = api.post(VERIFY_CONFIRM, null, json("token", second));
        assertThat(stable(used), is(stable(unknown)));
    }

    @Test
    void resendingTooOftenIsRefusedWith429PerUser() {
        String email = unique("resend");
        ApiClient.Session s = api.signUp(email, PASSWORD);
        for (int i = 0; i < 3; i++) {
            expect(api.post(VERIFY, s.accessToken(), null), Status.ACCEPTED_202);
        }
        ApiClient.Res limited = expect(api.post(VERIFY, s.accessToken(), null), Status.TOO_MANY_REQUESTS_429);
        assertThat(limited.header("Retry-After"), matchesPattern("[1-9][0-9]*"));
        // one user's limit is not another's
        ApiClient.Session other = api.signUp(unique("other"), PASSWORD);
        expect(api.post(VERIFY, other.accessToken(), null), Status.ACCEPTED_202);
        mail.await(email, AccountMail.VERIFY_SUBJECT, 4); // registration + 3 accepted resends
        Mailbox.sleep(300);
        assertThat(mail.count(email, AccountMail.VERIFY_SUBJECT), is(4L));
    }

    @Test
    void resendNeedsABearerToken() {
        expect(api.post(VERIFY, null, null), Status.UNAUTHORIZED_401);
    }
}
