package fluxor.enterprise.users;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.db.Database;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserSeederTest {
    private final Database database = Database.create(TestApp.config(TestDatabases.h2()));
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger logger = Logger.getLogger(UserSeeder.class.getName());

    @AfterEach
    void close() {
        logger.removeHandler(capture);
        database.close();
    }

    @Test
    void seedsDemoUsersOnceAndPrintsTheRandomAdminPasswordOnlyWhenCreated() {
        database.migrate();
        logger.addHandler(capture);
        UserRepository users = new UserRepository(database.client());
        UserService service = new UserService(
                users,
                new RefreshTokenRepository(database.client()),
                new PasswordHasher(),
                Clock.systemUTC(),
                () -> {});
        UserSeeder seeder = new UserSeeder(users, service);
        seeder.seedDemoData();
        assertThat(users.count(), is(5L));
        assertThat(users.anyAdmin(), is(true));
        List<String> passwords =
                logged.stream().filter(m -> m.contains("with password")).toList();
        assertThat(passwords, hasSize(1));
        assertThat(passwords.getFirst(), matchesPattern(".*with password [A-Za-z0-9_-]{24} .*"));
        seeder.seedDemoData();
        assertThat(users.count(), is(5L));
        assertThat(
                "printed once",
                logged.stream().filter(m -> m.contains("with password")).toList(),
                hasSize(1));
    }

    @Test
    void bootstrapsTheConfiguredAdminOnlyWhenTheEmailIsFree() {
        database.migrate();
        UserRepository users = new UserRepository(database.client());
        UserService service = new UserService(
                users,
                new RefreshTokenRepository(database.client()),
                new PasswordHasher(),
                Clock.systemUTC(),
                () -> {});
        UserSeeder seeder = new UserSeeder(users, service);
        seeder.bootstrapAdmin("Ops@Example.com", "operator chosen passphrase");
        User admin = users.findByEmail("ops@example.com").orElseThrow();
        assertThat(admin.isAdmin(), is(true));
        seeder.bootstrapAdmin("ops@example.com", "another operator passphrase");
        assertThat(users.count(), is(1L));
        assertThat(users.findByEmail("ops@example.com").orElseThrow().passwordHash(), is(admin.passwordHash()));
    }
}
