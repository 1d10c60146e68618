package fluxor.enterprise.users;

import fluxor.enterprise.http.AppException;
import fluxor.enterprise.logging.Audit;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Start-up users: the demo set (development only) and the operator's bootstrap admin. Demo passwords are random;
 * only the demo admin's is printed, once, when it is created — there is no documented default password.
 */
public final class UserSeeder {
    private static final System.Logger LOGGER = System.getLogger(UserSeeder.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DEMO_ADMIN = "admin@fluxor.example";
    private static final List<String[]> DEMO_USERS = List.of(
            new String[] {"ada.lovelace@fluxor.example", "Ada Lovelace"},
            new String[] {"grace.hopper@fluxor.example", "Grace Hopper"},
            new String[] {"alan.turing@fluxor.example", "Alan Turing"},
            new String[] {"katherine.johnson@fluxor.example", "Katherine Johnson"});

    private final UserRepository users;
    private final UserService service;

    public UserSeeder(UserRepository users, UserService service) {
        this.users = users;
        this.service = service;
    }

    public void seedDemoData() {
        if (users.findByEmail(DEMO_ADMIN).isEmpty()) {
            String password = randomPassword();
            if (create(DEMO_ADMIN, password, "Demo Administrator", List.of(User.ADMIN, User.USER))) {
                LOGGER.log(
                        System.Logger.Level.WARNING,
                        "seed data: created " + DEMO_ADMIN + " with password " + password
                                + " (shown only this once; development only)");
            }
        }
        for (String[] demo : DEMO_USERS) {
            if (users.findByEmail(demo[0]).isEmpty()) {
                create(demo[0], randomPassword(), demo[1], List.of(User.USER));
            }
        }
    }

    /** ADMIN_EMAIL / ADMIN_PASSWORD: created when no user has that email; an existing user is left alone. */
    public void bootstrapAdmin(String email, String password) {
        if (users.findByEmail(email).isPresent()) {
            return;
        }
        boolean created;
        try {
            created = create(email, password, "Administrator", List.of(User.ADMIN, User.USER));
        } catch (AppException.Validation e) {
            throw new IllegalStateException("admin.email/admin.password (ADMIN_EMAIL/ADMIN_PASSWORD) rejected: "
                    + e.errors().stream()
                            .map(f -> f.field() + " " + f.message())
                            .toList());
        }
        if (created) {
            LOGGER.log(System.Logger.Level.INFO, "bootstrap admin created for admin.email (ADMIN_EMAIL)");
            Audit.log("user.bootstrap_admin");
        }
    }

    private boolean create(String email, String password, String name, List<String> roles) {
        try {
            service.register(email, password, name, roles, (tx, u) -> {});
            return true;
        } catch (AppException.Conflict e) {
            return false; // another instance seeded it first
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
