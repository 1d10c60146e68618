package fluxor.enterprise.account;

import fluxor.enterprise.http.AppException;
import java.util.regex.Pattern;

/** The registration's email rule (users.UserService), for addresses the account flows accept. */
final class Addresses {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private Addresses() {}

    /** The trimmed address, or a 400 naming {@code field}. */
    static String valid(String field, String email) {
        String trimmed = email.trim();
        if (!EMAIL.matcher(trimmed).matches() || trimmed.length() > 254) {
            throw new AppException.Validation(field, "must be a valid email address");
        }
        return trimmed;
    }
}
