package fluxor.enterprise.http;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bad-input rows for the account lifecycle endpoints (package account). None of them may write anything: a
 * well-formed reset request is a 202 that records it, so every reset row here is malformed; a well-formed but
 * unknown token is spent by nobody.
 */
final class AccountBadInputs {
    static final String VERIFY = "/api/v1/auth/email-verification";
    static final String VERIFY_CONFIRM = "/api/v1/auth/email-verification/confirm";
    static final String RESET = "/api/v1/auth/password-reset";
    static final String RESET_CONFIRM = "/api/v1/auth/password-reset/confirm";
    static final String UNLOCK = "/api/v1/auth/unlock";
    static final String CHANGE_EMAIL = "/api/v1/users/me/email";
    static final List<String> ENDPOINTS = List.of(VERIFY, VERIFY_CONFIRM, RESET, RESET_CONFIRM, UNLOCK, CHANGE_EMAIL);
    /** 43 characters of URL-safe base64 like a real token, but no token's. */
    private static final String UNKNOWN_TOKEN = "Q2xlYXJseU5vdEFUb2tlbkFueW9uZUV2ZXJHb3RfX18";

    private static final String GOOD_PASSWORD = "a brand new passphrase";

    private AccountBadInputs() {}

    static Stream<BadInput> cases() {
        List<BadInput> c = new ArrayList<>();
        // POST /api/v1/auth/email-verification (resend; bearer)
        c.add(BadInput.request("verify resend: no bearer token", "POST", VERIFY).expect(401));
        c.add(BadInput.request("verify resend: garbage bearer token", "POST", VERIFY)
                .bearer("garbage")
                .expect(401));
        c.add(BadInput.request("verify resend: alg none", "POST", VERIFY)
                .bearer("{alg_none}")
                .expect(401));
        c.add(BadInput.request("verify resend: wrong signature", "POST", VERIFY)
                .bearer("{wrong_signature}")
                .expect(401));
        c.add(BadInput.request("verify resend: wrong method GET", "GET", VERIFY)
                .bearer("{user_token}")
                .expect(405));
        // POST /api/v1/auth/email-verification/confirm
        for (String path : List.of(VERIFY_CONFIRM, UNLOCK)) {
            String n = path.equals(UNLOCK) ? "unlock: " : "verify confirm: ";
            c.add(BadInput.json(n + "empty object", "POST", path, "{}").invalid("token"));
            c.add(BadInput.json(n + "unknown token", "POST", path, "{\"token\":\"" + UNKNOWN_TOKEN + "\"}")
                    .invalid("token")
                    .notEchoing(UNKNOWN_TOKEN));
            c.add(BadInput.json(n + "number for token", "POST", path, "{\"token\":42}")
                    .invalid("token"));
            c.add(BadInput.json(n + "null token", "POST", path, "{\"token\":null}")
                    .invalid("token"));
            c.add(BadInput.json(n + "token of 600 characters", "POST", path, "{\"token\":\"" + "a".repeat(600) + "\"}")
                    .invalid("token"));
            c.add(BadInput.json(n + "SQL injection as token", "POST", path, "{\"token\":\"' OR '1'='1\"}")
                    .invalid("token")
                    .notEchoing("'1'='1'"));
            c.add(BadInput.json(
                            n + "unknown field",
                            "POST",
                            path,
                            "{\"token\":\"" + UNKNOWN_TOKEN + "\",\"user_id\":\"x\"}")
                    .invalid("user_id"));
            c.add(BadInput.request(n + "text/plain", "POST", path)
                    .contentType("text/plain")
                    .body("{\"token\":\"" + UNKNOWN_TOKEN + "\"}")
                    .expect(415));
            c.add(BadInput.json(n + "malformed JSON", "POST", path, "{\"token\":")
                    .expect(400));
            c.add(BadInput.request(n + "wrong method GET", "GET", path).expect(405));
        }
        // POST /api/v1/auth/password-reset
        c.add(BadInput.json("reset: empty object", "POST", RESET, "{}").invalid("email"));
        c.add(BadInput.json("reset: not an email", "POST", RESET, "{\"email\":\"not-an-email\"}")
                .invalid("email"));
        c.add(BadInput.json("reset: number for email", "POST", RESET, "{\"email\":42}")
                .invalid("email"));
        c.add(BadInput.json("reset: SQL injection as email", "POST", RESET, "{\"email\":\"' OR '1'='1' --\"}")
                .invalid("email")
                .notEchoing("'1'='1'"));
        c.add(BadInput.json(
                        "reset: header injection in email",
                        "POST",
                        RESET,
                        "{\"email\":\"a@example.com\\r\\nBcc: all@example.com\"}")
                .invalid("email"));
        c.add(BadInput.json("reset: script as email", "POST", RESET, "{\"email\":\"<script>alert(1)</script>\"}")
                .invalid("email")
                .notEchoing("<script>"));
        c.add(BadInput.json("reset: unknown field", "POST", RESET, "{\"email\":\"{user_email}\",\"admin\":true}")
                .invalid("admin"));
        c.add(BadInput.request("reset: form encoded", "POST", RESET)
                .contentType("application/x-www-form-urlencoded")
                .body("email=a%40b.co")
                .expect(415));
        c.add(BadInput.json("reset: body over 64 KiB", "POST", RESET, "{\"email\":\"" + "e".repeat(70_000) + "\"}")
                .expect(413));
        // POST /api/v1/auth/password-reset/confirm
        c.add(BadInput.json("reset confirm: empty object", "POST", RESET_CONFIRM, "{}")
                .invalid("token"));
        c.add(BadInput.json(
                        "reset confirm: missing new_password",
                        "POST",
                        RESET_CONFIRM,
                        "{\"token\":\"" + UNKNOWN_TOKEN + "\"}")
                .invalid("new_password"));
        c.add(BadInput.json(
                        "reset confirm: short new_password",
                        "POST",
                        RESET_CONFIRM,
                        "{\"token\":\"" + UNKNOWN_TOKEN + "\",\"new_password\":\"short\"}")
                .invalid("new_password")
                .notEchoing("\"short\""));
        c.add(BadInput.json(
                        "reset confirm: common new_password",
                        "POST",
                        RESET_CONFIRM,
                        "{\"token\":\"" + UNKNOWN_TOKEN + "\",\"new_password\":\"Password1234\"}")
                .invalid("new_password")
                .notEchoing("Password1234"));
        c.add(BadInput.json(
                        "reset confirm: unknown token",
                        "POST",
                        RESET_CONFIRM,
                        "{\"token\":\"" + UNKNOWN_TOKEN + "\",\"new_password\":\"" + GOOD_PASSWORD + "\"}")
                .invalid("token")
                .notEchoing(GOOD_PASSWORD));
        c.add(BadInput.json(
                        "reset confirm: number for token",
                        "POST",
                        RESET_CONFIRM,
                        "{\"token\":7,\"new_password\":\"" + GOOD_PASSWORD + "\"}")
                .invalid("token"));
        c.add(BadInput.json(
                        "reset confirm: array for new_password",
                        "POST",
                        RESET_CONFIRM,
                        "{\"token\":\"" + UNKNOWN_TOKEN + "\",\"new_password\":[\"x\"]}")
                .invalid("new_password"));
        // POST /api/v1/users/me/email (bearer)
        c.add(BadInput.json(
                        "email change: no bearer token",
                        "POST",
                        CHANGE_EMAIL,
                        "{\"new_email\":\"new@example.com\",\"current_password\":\"x\"}")
                .expect(401));
        c.add(BadInput.json("email change: empty object", "POST", CHANGE_EMAIL, "{}")
                .bearer("{user_token}")
                .invalid("new_email"));
        c.add(BadInput.json(
                        "email change: malformed new_email",
                        "POST",
                        CHANGE_EMAIL,
                        "{\"new_email\":\"nope\",\"current_password\":\"" + BadInputContract.PASSWORD + "\"}")
                .bearer("{user_token}")
                .invalid("new_email"));
        c.add(BadInput.json(
                        "email change: missing current_password",
                        "POST",
                        CHANGE_EMAIL,
                        "{\"new_email\":\"new@example.com\"}")
                .bearer("{user_token}")
                .invalid("current_password"));
        c.add(BadInput.json(
                        "email change: wrong current_password",
                        "POST",
                        CHANGE_EMAIL,
                        "{\"new_email\":\"new@example.com\",\"current_password\":\"not the password at all\"}")
                .bearer("{user_token}")
                .expect(401));
        c.add(BadInput.json(
                        "email change: address of another account",
                        "POST",
                        CHANGE_EMAIL,
                        "{\"new_email\":\"" + BadInputContract.ADMIN_EMAIL + "\",\"current_password\":\""
                                + BadInputContract.PASSWORD + "\"}")
                .bearer("{user_token}")
                .expect(409));
        c.add(BadInput.json(
                        "email change: its own address",
                        "POST",
                        CHANGE_EMAIL,
                        "{\"new_email\":\"{user_email}\",\"current_password\":\"" + BadInputContract.PASSWORD + "\"}")
                .bearer("{user_token}")
                .invalid("new_email"));
        c.add(BadInput.json(
                        "email change: role field",
                        "POST",
                        CHANGE_EMAIL,
                        "{\"new_email\":\"new@example.com\",\"current_password\":\"x\",\"roles\":[\"admin\"]}")
                .bearer("{user_token}")
                .invalid("roles"));
        c.add(BadInput.request("email change: wrong method GET", "GET", CHANGE_EMAIL)
                .bearer("{user_token}")
                .expect(405));
        return c.stream();
    }
}
