package fluxor.enterprise.mfa;

import fluxor.enterprise.auth.AuthHandlers;
import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.auth.LoginClient;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.JsonBody;
import fluxor.enterprise.http.Jsons;
import fluxor.enterprise.users.UuidV7;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Thin HTTP adapters for two-factor login: parse and validate, call the service, write JSON. */
final class MfaHandlers {
    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");
    private static final Set<String> LOGIN_FIELDS = Set.of("mfa_token", "code", "recovery_code");
    private static final Set<String> PASSWORD_FIELDS = Set.of("current_password");
    private static final Set<String> CODE_FIELDS = Set.of("code");
    private static final Set<String> DISABLE_FIELDS = Set.of("current_password", "code");

    private final MfaService service;
    private final MfaLogin login;

    MfaHandlers(MfaService service, MfaLogin login) {
        this.service = service;
        this.login = login;
    }

    void login(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, LOGIN_FIELDS);
        String token = body.requiredString("mfa_token", 1, 512);
        Optional<SecondFactors.Factor> factor = Optional.empty();
        if (body.has("code") == body.has("recovery_code")) {
            body.reject("code", "send either code or recovery_code");
        } else if (body.has("code")) {
            factor = Optional.ofNullable(sixDigits(body, "code")).map(SecondFactors.Factor.TotpCode::new);
        } else {
            factor = recovery(body, "recovery_code");
        }
        body.validate();
        AuthHandlers.send(res, login.complete(token, factor.orElseThrow(), LoginClient.of(req)));
    }

    void enrol(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, PASSWORD_FIELDS);
        String password = body.requiredString("current_password", 1, 1024);
        body.validate();
        MfaService.Enrolment enrolment = service.enrol(Caller.of(req), password);
        res.send(Jsons.object()
                .add("secret", enrolment.secret())
                .add("otpauth_uri", enrolment.otpauthUri())
                .build());
    }

    void confirm(ServerRequest req, ServerResponse res) {
        String code = code(req);
        sendCodes(res, service.confirm(Caller.of(req), code, LoginClient.of(req)));
    }

    void regenerateRecoveryCodes(ServerRequest req, ServerResponse res) {
        String code = code(req);
        sendCodes(res, service.regenerateRecoveryCodes(Caller.of(req), code, LoginClient.of(req)));
    }

    void disable(ServerRequest req, ServerResponse res) {
        JsonBody body = JsonBody.read(req, DISABLE_FIELDS);
        String password = body.requiredString("current_password", 1, 1024);
        Optional<SecondFactors.Factor> factor = Optional.ofNullable(body.requiredString("code", 1, 64))
                .flatMap(code -> SIX_DIGITS.matcher(code).matches()
                        ? Optional.of(new SecondFactors.Factor.TotpCode(code))
                        : RecoveryCodes.normalise(code).map(SecondFactors.Factor.RecoveryCode::new));
        if (factor.isEmpty() && body.has("code")) {
            body.reject("code", "must be a 6-digit code or a recovery code");
        }
        body.validate();
        service.disable(Caller.of(req), password, factor.orElseThrow(), LoginClient.of(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    void adminReset(ServerRequest req, ServerResponse res) {
        UUID id = UuidV7.parse(req.path().pathParameters().get("id"))
                .orElseThrow(() -> new AppException.Validation("id", "must be a UUID"));
        service.adminReset(Caller.of(req), id);
        res.status(Status.NO_CONTENT_204).send();
    }

    private static String code(ServerRequest req) {
        JsonBody body = JsonBody.read(req, CODE_FIELDS);
        String code = sixDigits(body, "code");
        body.validate();
        return code;
    }

    /** The field's TOTP code, or null with the problem noted in {@code body}. */
    private static String sixDigits(JsonBody body, String field) {
        String code = body.requiredString(field, 1, 64);
        if (code != null && !SIX_DIGITS.matcher(code).matches()) {
            body.reject(field, "must be 6 digits");
            return null;
        }
        return code;
    }

    private static Optional<SecondFactors.Factor> recovery(JsonBody body, String field) {
        String code = body.requiredString(field, 1, 64);
        if (code == null) {
            return Optional.empty();
        }
        Optional<String> normalised = RecoveryCodes.normalise(code);
        if (normalised.isEmpty()) {
            body.reject(field, "is not a recovery code (16 letters and digits, dashes optional)");
        }
        return normalised.map(SecondFactors.Factor.RecoveryCode::new);
    }

    private static void sendCodes(ServerResponse res, List<String> codes) {
        JsonArrayBuilder array = Jsons.array();
        codes.forEach(array::add);
        res.send(Jsons.object().add("recovery_codes", array).build());
    }
}
