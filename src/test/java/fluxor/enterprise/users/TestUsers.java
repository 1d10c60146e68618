package fluxor.enterprise.users;

import java.time.Instant;
import java.util.List;

/** Users for repository-level tests: a plain "user" with no lockout state, version 1. */
public final class TestUsers {
    private TestUsers() {}

    public static User plain(String email, String name, Instant now) {
        return User.created(UuidV7.next(), email, name, "x", List.of(User.USER), now);
    }
}
