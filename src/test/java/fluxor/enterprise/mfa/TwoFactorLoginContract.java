package fluxor.enterprise.mfa;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import fluxor.enterprise.ApiClient;
import fluxor.enterprise.ApiClient.Res;
import fluxor.enterprise.ApiClient.Session;
import fluxor.enterprise.AuditCapture;
import fluxor.enterprise.MutableClock;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.TestServer;
import io.helidon.http.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two-factor login over a real socket with a clock the tests move: enrolment, the two-step login, replay and drift,
 * recovery codes, the mfa token's limits, disabling and the admin reset. Subclasses pick the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoFactorLoginContract {
    static final String ADMIN_EMAIL = "mfa-admin@fluxor.test";
    static final String ADMIN_PASSWORD = "admin passphrase for mfa";
    static final String PASSWORD = "a decent passphrase";

    final MutableClock clock = new MutableClock();
    final MfaTestKit.Mail mail = new MfaTestKit.Mail();

    @RegisterExtension
    final TestServer server;

    private final ApiClient api;
    private final MfaTestKit kit;
    private AuditCapture audit;

    TwoFactorLoginContract(TestDatabases.Kind kind) {
        // before any test's start (see startCapture): a user's unset lock reads as its created_at, which must not lie
        // ahead of the clock
        clock.advance(Duration.ofMinutes(-7));
        server = TestServer.start(
                kind,
                Map.of(
                        "admin.email",
                        ADMIN_EMAIL,
                        "admin.password",
                        ADMIN_PASSWORD,
                        "auth.rate.limit.per.minute",
                        "100000",
                        "rate.limit.per.minute",
                        "100000"),
                mail,
                clock);
        api = server.api();
        kit = new MfaTestKit(api, clock, PASSWORD);
    }

    /**
     * Helidon's JwtProvider checks iat and exp against the system clock, so an access token only verifies while the
     * test clock was within its 15 minutes before real time when it was issued: each test starts 6 minutes back and
     * moves forward at most a little over 5 (every test has its own users, so their time steps never go back).
     */
    @BeforeEach
    void startCapture() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofMinutes(6));
        clock.advance(Duration.between(clock.instant(), start));
        audit = AuditCapture.start();
    }

    @AfterEach
    void stopCapture() {
        audit.close();
    }

    @Test
    void enrolmentShowsTheSecretOnceAndConfirmationTurnsMfaOnAndEndsOtherSessions() {
        String email = MfaTestKit.unique("enrol");
        Session session = api.signUp(email, PASSWORD);
        Session other = api.session(session.id(), email, PASSWORD);

        Res enrol = kit.enrol(session);
        assertThat(enrol.body(), enrol.status(), is(Status.OK_200));
        String secret = enrol.json().getString("secret");
        assertThat(secret, matchesPattern("[A-Z2-7]{32}"));
        assertThat(
                enrol.json().getString("otpauth_uri"),
                is("otpauth://totp/Fluxor%20Enterprise:" + email.replace("@", "%40") + "?secret=" + secret
                        + "&issuer=Fluxor%20Enterprise&algorithm=SHA1&digits=6&period=30"));
        assertThat("pending until confirmed", kit.me(session).getBoolean("mfa_enabled"), is(false));
        String stored =
                kit.queryString("SELECT secret FROM mfa_totp WHERE user_id = CAST(? AS UUID)", server, session.id());
        assertThat("encrypted at rest", stored, startsWith("v1."));
        assertThat(stored, not(containsString(secret)));

        Res confirm = api.post("/api/v1/users/me/mfa/totp/confirm", session.accessToken(), kit.codeBody(secret, 0));
        assertThat(confirm.body(), confirm.status(), is(Status.OK_200));
        List<String> codes = MfaTestKit.strings(confirm.json(), "recovery_codes");
        assertThat(codes, hasSize(10));
        assertThat(new HashSet<>(codes).size(), is(10));
        assertThat(codes, everyItem(matchesPattern("[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}-[2-9a-z]{4}")));
        assertThat(kit.me(session).getBoolean("mfa_enabled"), is(true));
        List<String> hashes = kit.queryStrings(
                "SELECT code_hash FROM mfa_recovery_codes WHERE user_id = CAST(? AS UUID)", server, session.id());
        assertThat("stored hashed", hashes, everyItem(matchesPattern("[0-9a-f]{64}")));
        assertThat(hashes.contains(codes.getFirst().replace("-", "")), is(false));

        assertThat("the other session ended", api.refresh(other.refreshToken()).status(), is(Status.UNAUTHORIZED_401));
        assertThat("this session goes on", api.refresh(session.refreshToken()).status(), is(Status.OK_200));
        assertThat(audit.events("mfa.enabled"), hasSize(1));
        assertThat(audit.events("mfa.enabled").getFirst(), containsString("revoked_refresh_tokens=1"));
        assertThat("shown once", kit.enrol(session).status(), is(Status.CONFLICT_409));
    }

    @Test
    void enrolmentNeedsTheCurrentPasswordAndConfirmationAValidCode() {
        Session session = api.signUp(MfaTestKit.unique("wrong"), PASSWORD);
        Res wrong = api.post(
                "/api/v1/users/me/mfa/totp", session.accessToken(), "{\"current_password\":\"not my passphrase\"}");
        assertThat(wrong.status(), is(Status.UNAUTHORIZED_401));
        assertThat(wrong.contentType(), is("application/problem+json"));
        String secret = kit.enrol(session).json().getString("secret");
        Res badCode = api.post("/api/v1/users/me/mfa/totp/confirm", session.accessToken(), kit.codeBody(secret, 2));
        assertThat(badCode.status(), is(Status.BAD_REQUEST_400));
        assertThat(badCode.json().getJsonArray("errors").getJsonObject(0).getString("field"), is("code"));
        assertThat(kit.me(session).getBoolean("mfa_enabled"), is(false));
    }

    @Test
    void loginAsksForTheSecondFactorAndTheCodeCompletesIt() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("login"));
        clock.advance(Duration.ofSeconds(30));

        Res first = api.login(user.email(), PASSWORD);
        assertThat(first.body(), first.status(), is(Status.OK_200));
        assertThat(first.json().keySet(), is(java.util.Set.of("mfa_required", "mfa_token", "expires_in")));
        assertThat(first.json().getBoolean("mfa_required"), is(true));
        assertThat(first.json().getInt("expires_in"), is(300));

        Res second = kit.secondStep(first.json().getString("mfa_token"), "code", kit.code(user.secret(), 0));
        assertThat(second.body(), second.status(), is(Status.OK_200));
        String access = second.json().getString("access_token");
        assertThat(kit.me(new Session(user.id(), access, null)).getString("id"), is(user.id()));
        assertThat(
                "a real session",
                api.refresh(second.json().getString("refresh_token")).status(),
                is(Status.OK_200));
        assertThat(audit.events("login.success").getLast(), containsString("second_factor=totp"));
    }

    @Test
    void aCodeAcceptedOnceIsRefusedForTheRestOfItsWindow() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("replay"));
        clock.advance(Duration.ofSeconds(30));
        String code = kit.code(user.secret(), 0);
        assertThat(kit.login(user.email(), "code", code).status(), is(Status.OK_200));

        Res replay = kit.login(user.email(), "code", code);
        assertThat(replay.status(), is(Status.UNAUTHORIZED_401));
        assertThat(replay.json().getString("detail"), is(MfaLogin.BAD_CODE));
        assertThat(
                "an older step is refused too",
                kit.login(user.email(), "code", kit.code(user.secret(), -1)).status(),
                is(Status.UNAUTHORIZED_401));
        clock.advance(Duration.ofSeconds(30));
        assertThat(kit.login(user.email(), "code", kit.code(user.secret(), 0)).status(), is(Status.OK_200));
        assertThat(audit.events("mfa.failure"), hasSize(2));
    }

    @Test
    void concurrentUsesOfOneCodeAndTokenSucceedOnce() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("race"));
        clock.advance(Duration.ofSeconds(30));
        String token = kit.firstStep(user.email());
        String code = kit.code(user.secret(), 0);
        List<Status> statuses = new java.util.ArrayList<>();
        for (var result : fluxor.enterprise.Races.run(
                8, i -> () -> kit.secondStep(token, "code", code).status())) {
            statuses.add(result.resultNow());
        }
        assertThat(
                statuses.toString(),
                statuses.stream().filter(Status.OK_200::equals).count(),
                is(1L));
        assertThat(
                statuses.toString(),
                statuses.stream().filter(Status.UNAUTHORIZED_401::equals).count(),
                is(7L));
    }

    @Test
    void oneStepOfClockDriftIsAcceptedAndTwoAreNot() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("drift"));
        clock.advance(Duration.ofMinutes(2)); // the confirmation's step is now four steps back
        String token = kit.firstStep(user.email());
        assertThat(kit.secondStep(token, "code", kit.code(user.secret(), 2)).status(), is(Status.UNAUTHORIZED_401));
        assertThat(kit.secondStep(token, "code", kit.code(user.secret(), -2)).status(), is(Status.UNAUTHORIZED_401));
        assertThat(kit.secondStep(token, "code", kit.code(user.secret(), -1)).status(), is(Status.OK_200));
        assertThat(kit.login(user.email(), "code", kit.code(user.secret(), 1)).status(), is(Status.OK_200));
    }

    @Test
    void aRecoveryCodeWorksOnce() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("recovery"));
        String code = user.recoveryCodes().get(3);
        assertThat(kit.login(user.email(), "recovery_code", code).status(), is(Status.OK_200));
        assertThat(audit.events("mfa.recovery_code_used").getLast(), containsString("remaining=9"));
        assertThat(kit.login(user.email(), "recovery_code", code).status(), is(Status.UNAUTHORIZED_401));
        String loose = user.recoveryCodes().get(4).replace("-", "").toUpperCase(java.util.Locale.ROOT);
        assertThat(
                "dashes and case do not matter",
                kit.login(user.email(), "recovery_code", loose).status(),
                is(Status.OK_200));
    }

    @Test
    void theMfaTokenExpiresAfter300Seconds() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("expiry"));
        String token = kit.firstStep(user.email());
        clock.advance(Duration.ofSeconds(301));
        Res late = kit.secondStep(token, "code", kit.code(user.secret(), 0));
        assertThat(late.status(), is(Status.UNAUTHORIZED_401));
        assertThat(late.json().getString("detail"), is(MfaLogin.BAD_TOKEN));
        assertThat(
                "an unknown token is refused the same way",
                kit.secondStep("no-such-token", "code", kit.code(user.secret(), 0))
                        .json()
                        .getString("detail"),
                is(MfaLogin.BAD_TOKEN));
        assertThat(kit.login(user.email(), "code", kit.code(user.secret(), 0)).status(), is(Status.OK_200));
    }

    @Test
    void fiveWrongCodesSpendTheTokenAndCountTowardTheLockout() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("wrong5"));
        clock.advance(Duration.ofSeconds(30));
        String token = kit.firstStep(user.email());
        for (int i = 0; i < 5; i++) {
            Res wrong = kit.secondStep(token, "code", kit.code(user.secret(), 3));
            assertThat(wrong.status(), is(Status.UNAUTHORIZED_401));
            assertThat(wrong.json().getString("detail"), is(MfaLogin.BAD_CODE));
        }
        Res spent = kit.secondStep(token, "code", kit.code(user.secret(), 0));
        assertThat(spent.status(), is(Status.UNAUTHORIZED_401));
        assertThat(spent.json().getString("detail"), is(MfaLogin.BAD_TOKEN));
        assertThat(audit.events("login.failure").getLast(), containsString("reason=wrong_second_factor"));
        Res locked = api.login(user.email(), PASSWORD);
        assertThat("five wrong codes lock the login", locked.status(), is(Status.TOO_MANY_REQUESTS_429));
        clock.advance(Duration.ofSeconds(61));
        assertThat(kit.login(user.email(), "code", kit.code(user.secret(), 0)).status(), is(Status.OK_200));
    }

    @Test
    void newRecoveryCodesReplaceTheOldSet() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("regen"));
        Session session =
                kit.loginSession(user, "recovery_code", user.recoveryCodes().getFirst());
        clock.advance(Duration.ofSeconds(30));
        Res wrong =
                api.post("/api/v1/users/me/mfa/recovery-codes", session.accessToken(), kit.codeBody(user.secret(), 3));
        assertThat(wrong.status(), is(Status.BAD_REQUEST_400));
        Res regen =
                api.post("/api/v1/users/me/mfa/recovery-codes", session.accessToken(), kit.codeBody(user.secret(), 0));
        assertThat(regen.body(), regen.status(), is(Status.OK_200));
        List<String> fresh = MfaTestKit.strings(regen.json(), "recovery_codes");
        assertThat(fresh, hasSize(10));
        assertThat(
                kit.login(user.email(), "recovery_code", user.recoveryCodes().get(1))
                        .status(),
                is(Status.UNAUTHORIZED_401));
        assertThat(kit.login(user.email(), "recovery_code", fresh.getFirst()).status(), is(Status.OK_200));
        assertThat(audit.events("mfa.recovery_codes_regenerated"), hasSize(1));
    }

    @Test
    void disablingNeedsThePasswordAndACodeAndEndsOtherSessions() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("disable"));
        Session here =
                kit.loginSession(user, "recovery_code", user.recoveryCodes().get(0));
        Session there =
                kit.loginSession(user, "recovery_code", user.recoveryCodes().get(1));
        clock.advance(Duration.ofSeconds(30));
        String code = kit.code(user.secret(), 0);
        assertThat(kit.disable(here, "not my passphrase", code).status(), is(Status.UNAUTHORIZED_401));
        Res wrongCode = kit.disable(here, PASSWORD, kit.code(user.secret(), 3));
        assertThat(wrongCode.status(), is(Status.BAD_REQUEST_400));
        assertThat(wrongCode.json().getJsonArray("errors").getJsonObject(0).getString("field"), is("code"));

        assertThat(kit.disable(here, PASSWORD, code).status(), is(Status.NO_CONTENT_204));
        assertThat(kit.me(here).getBoolean("mfa_enabled"), is(false));
        assertThat(api.refresh(there.refreshToken()).status(), is(Status.UNAUTHORIZED_401));
        assertThat(api.refresh(here.refreshToken()).status(), is(Status.OK_200));
        Res plain = api.login(user.email(), PASSWORD);
        assertThat("password alone again", plain.json().containsKey("access_token"), is(true));
        assertThat(
                kit.queryStrings("SELECT secret FROM mfa_totp WHERE user_id = CAST(? AS UUID)", server, user.id()),
                hasSize(0));
        // the sign-up's session and "there" (one live refresh token each)
        assertThat(audit.events("mfa.disabled").getFirst(), containsString("revoked_refresh_tokens=2"));
    }

    @Test
    void aRecoveryCodeCanDisableToo() {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("disable-rc"));
        Session session =
                kit.loginSession(user, "recovery_code", user.recoveryCodes().get(0));
        assertThat(kit.disable(session, PASSWORD, user.recoveryCodes().get(0)).status(), is(Status.BAD_REQUEST_400));
        assertThat(kit.disable(session, PASSWORD, user.recoveryCodes().get(1)).status(), is(Status.NO_CONTENT_204));
    }

    @Test
    void anAdminResetTurnsMfaOffEndsEverySessionAndEmailsTheUser() throws Exception {
        MfaTestKit.Enrolled user = kit.enrolled(MfaTestKit.unique("reset"));
        Session session =
                kit.loginSession(user, "recovery_code", user.recoveryCodes().get(0));
        Session admin = api.session(null, ADMIN_EMAIL, ADMIN_PASSWORD);
        String path = "/api/v1/users/" + user.id() + "/mfa";

        assertThat(api.delete(path, session.accessToken()).status(), is(Status.FORBIDDEN_403));
        assertThat(
                api.delete("/api/v1/users/" + UUID.randomUUID() + "/mfa", admin.accessToken())
                        .status(),
                is(Status.NOT_FOUND_404));
        assertThat(api.delete(path, admin.accessToken()).status(), is(Status.NO_CONTENT_204));

        assertThat(api.refresh(session.refreshToken()).status(), is(Status.UNAUTHORIZED_401));
        assertThat(api.login(user.email(), PASSWORD).json().containsKey("access_token"), is(true));
        assertThat(audit.events("mfa.admin_reset").getFirst(), containsString("target_user_id=" + user.id()));
        var notice = mail.await(user.email(), MfaResetNotice.SUBJECT, Duration.ofSeconds(10));
        assertThat(notice.body(), containsString("an administrator has turned off two-factor login"));
    }

    @Test
    void productionRefusesToStartWithoutTheKeyOnceAUserHasMfa() throws Exception {
        kit.enrolled(MfaTestKit.unique("prod"));
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> kit.mfaOn(server, "", true));
        assertThat(refused.getMessage(), containsString("refusing to start in production"));
        assertThat(refused.getMessage(), containsString("MFA_ENCRYPTION_KEY_FILE"));

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("mfa-key");
        java.nio.file.Path key = dir.resolve("mfa.key");
        Mfa.writeNewKey(key);
        kit.mfaOn(server, key.toString(), true); // starts
        java.nio.file.Files.delete(key);
        java.nio.file.Files.delete(dir);
    }
}
