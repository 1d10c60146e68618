package fluxor.enterprise.users;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A stored user. {@code passwordHash} is a PHC string and never leaves the service. {@code version} grows by one on
 * every update (the ETag of the user's JSON and the guard of conditional updates).
 */
public record User(
        UUID id,
        String email,
        String name,
        String passwordHash,
        List<String> roles,
        boolean disabled,
        int failedLogins,
        Instant failureWindowStart,
        Instant lockedUntil,
        Instant createdAt,
        Instant updatedAt,
        boolean emailVerified,
        boolean mfaEnabled,
        long version) {
    public static final String ADMIN = "admin";
    public static final String USER = "user";

    public User {
        roles = List.copyOf(roles);
    }

    /** A user as registration creates it: enabled, no failures, unverified, no second factor, version 1. */
    public static User created(
            UUID id, String email, String name, String passwordHash, List<String> roles, Instant now) {
        return new User(id, email, name, passwordHash, roles, false, 0, null, null, now, now, false, false, 1);
    }

    public static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    User withPasswordHash(String hash, Instant now) {
        return new User(
                id,
                email,
                name,
                hash,
                roles,
                disabled,
                failedLogins,
                failureWindowStart,
                lockedUntil,
                createdAt,
                now,
                emailVerified,
                mfaEnabled,
                version);
    }
}
