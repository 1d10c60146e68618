package fluxor.enterprise.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import fluxor.enterprise.TestApp;
import fluxor.enterprise.TestDatabases;
import fluxor.enterprise.db.Database;
import io.helidon.config.Config;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A database migrated before the outbox existed (already at V100) gets V2 on the next start. */
class OutboxMigrationTest {
    @ParameterizedTest
    @EnumSource(TestDatabases.Kind.class)
    void aDatabaseAlreadyAtV100GetsTheOutboxMigration(TestDatabases.Kind kind) {
        Config config = TestApp.config(TestDatabases.fresh(kind));
        try (Database before = Database.create(config)) {
            before.migrate();
            // as if V2 had never existed: the state of every database migrated before the outbox landed
            before.client().execute().dml("DROP TABLE outbox");
            before.client().execute().dml("DELETE FROM flyway_schema_history WHERE version = '2'");
            assertThat(before.migrated(), is(false));
        }
        try (Database after = Database.create(config)) {
            assertThat(after.migrate(), is(1));
            assertThat(after.migrated(), is(true));
            assertThat(new Outbox(after.client()).stats().pending(), is(0L));
        }
    }
}
