package fluxor.enterprise.users;

import fluxor.enterprise.db.Transactions;
import fluxor.enterprise.http.AppException;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/** All SQL about users. Runs unchanged on PostgreSQL and H2; a duplicate email becomes a 409. */
public final class UserRepository {
    // Helidon 4.1.2's DbColumn cannot return SQL NULL (get() and asOptional() both throw), so the nullable
    // lockout instants read as created_at instead: a window that started then and a lock that ended then mean
    // the same as none.
    private static final String COLUMNS = "id, email, name, password_hash, roles, disabled, failed_logins, "
            + "COALESCE(failure_window_start, created_at) AS failure_window_start, "
            + "COALESCE(locked_until, created_at) AS locked_until, created_at, updated_at, email_verified, mfa_enabled, "
            + "version";

    /** Work that must commit or roll back together with a new user (e.g. an outbox row). */
    @FunctionalInterface
    public interface InSameTransaction {
        void run(DbExecute tx, User user);

        /** This, then {@code next}, in the same transaction. */
        default InSameTransaction andThen(InSameTransaction next) {
            return (tx, user) -> {
                run(tx, user);
                next.run(tx, user);
            };
        }
    }

    private final DbClient db;

    public UserRepository(DbClient db) {
        this.db = db;
    }

    public User insert(User user) {
        return insert(user, (tx, u) -> {});
    }

    public User insert(User user, InSameTransaction alsoDo) {
        DbTransaction tx = db.transaction();
        try {
            tx.insert(
                    "INSERT INTO users (id, email, email_key, name, password_hash, roles, disabled, failed_logins, "
                            + "failure_window_start, locked_until, created_at, updated_at, email_verified, "
                            + "mfa_enabled, version) "
                            + "VALUES (CAST(? AS UUID), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    user.id(),
                    user.email(),
                    User.emailKey(user.email()),
                    user.name(),
                    user.passwordHash(),
                    String.join(",", user.roles()),
                    user.disabled(),
                    user.failedLogins(),
                    ts(user.failureWindowStart()),
                    ts(user.lockedUntil()),
                    ts(user.createdAt()),
                    ts(user.updatedAt()),
                    user.emailVerified(),
                    user.mfaEnabled(),
                    user.version());
            alsoDo.run(tx, user);
            tx.commit();
            return user;
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            if (isUniqueViolation(e)) {
                throw new AppException.Conflict("A user with this email already exists.");
            }
            throw e;
        }
    }

    public Optional<User> findById(UUID id) {
        return db.execute()
                .get("SELECT " + COLUMNS + " FROM users WHERE id = CAST(? AS UUID)", id)
                .map(UserRepository::user);
    }

    public Optional<User> findByEmail(String email) {
        return db.execute()
                .get("SELECT " + COLUMNS + " FROM users WHERE email_key = ?", User.emailKey(email))
                .map(UserRepository::user);
    }

    /** One keyset page in id (= creation) order, starting after {@code after}. */
    public List<User> page(UUID after, int limit) {
        if (after == null) {
            return db.execute()
                    .query("SELECT " + COLUMNS + " FROM users ORDER BY id LIMIT ?", limit)
                    .map(UserRepository::user)
                    .toList();
        }
        return db.execute()
                .query("SELECT " + COLUMNS + " FROM users WHERE id > CAST(? AS UUID) ORDER BY id LIMIT ?", after, limit)
                .map(UserRepository::user)
                .toList();
    }

    public boolean anyAdmin() {
        return db.execute()
                .query("SELECT roles FROM users")
                .anyMatch(r ->
                        Arrays.asList(r.column(1).get(String.class).split(",")).contains(User.ADMIN));
    }

    public void update(UUID id, String name, String passwordHash, List<String> roles, boolean disabled, Instant now) {
        if (update(id, name, passwordHash, roles, disabled, now, null, (tx, u) -> {})
                .isEmpty()) {
            throw new AppException.NotFound("No user with this id.");
        }
    }

    /**
     * The update and {@code alsoDo} (e.g. the user.updated outbox row) in one transaction, and only while the row is
     * still at {@code expectedVersion} when that is not null (If-Match): one conditional UPDATE, never read-then-write.
     * Returns the updated user, or empty when no row matched (gone, or its version moved on).
     */
    public Optional<User> update(
            UUID id,
            String name,
            String passwordHash,
            List<String> roles,
            boolean disabled,
            Instant now,
            Long expectedVersion,
            InSameTransaction alsoDo) {
        String sql = "UPDATE users SET name = ?, password_hash = ?, roles = ?, disabled = ?, "
                + "updated_at = ?, version = version + 1 WHERE id = CAST(? AS UUID)";
        List<Object> params =
                new java.util.ArrayList<>(List.of(name, passwordHash, String.join(",", roles), disabled, ts(now), id));
        if (expectedVersion != null) {
            sql += " AND version = ?";
            params.add(expectedVersion);
        }
        DbTransaction tx = db.transaction();
        try {
            if (tx.update(sql, params.toArray()) == 0) {
                rollbackQuietly(tx);
                return Optional.empty();
            }
            User updated = tx.get("SELECT " + COLUMNS + " FROM users WHERE id = CAST(? AS UUID)", id)
                    .map(UserRepository::user)
                    .orElseThrow();
            alsoDo.run(tx, updated);
            tx.commit();
            return Optional.of(updated);
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            if (isContention(e)) {
                throw new AppException.Conflict("The user was being changed by another request at once; retry.");
            }
            throw e;
        }
    }

    /** Swaps the hash only if nobody changed it meanwhile (login re-hash racing a password change). */
    public void replaceHash(UUID id, String oldHash, String newHash) {
        db.execute()
                .update(
                        "UPDATE users SET password_hash = ? WHERE id = CAST(? AS UUID) AND password_hash = ?",
                        newHash,
                        id,
                        oldHash);
    }

    public void recordFailure(UUID id, int failedLogins, Instant windowStart, Instant lockedUntil) {
        db.execute()
                .update(
                        "UPDATE users SET failed_logins = ?, failure_window_start = ?, locked_until = ? "
                                + "WHERE id = CAST(? AS UUID)",
                        failedLogins,
                        ts(windowStart),
                        ts(lockedUntil),
                        id);
    }

    /** Lifts every lock of the account: the account-wide one and every (account, client IP) pair's. */
    public void clearFailures(UUID id) {
        inTransaction(tx -> {
            tx.delete(
                    "DELETE FROM login_failures WHERE email_key = (SELECT email_key FROM users WHERE id = CAST(? AS UUID))",
                    id);
            tx.update(
                    "UPDATE users SET failed_logins = 0, failure_window_start = NULL, locked_until = NULL "
                            + "WHERE id = CAST(? AS UUID) AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
                    id);
        });
    }

    public boolean delete(UUID id) {
        return delete(id, (tx, u) -> {});
    }

    /** Deletes the user and runs {@code alsoDo} with the row as it was (e.g. the user.deleted outbox row). */
    public boolean delete(UUID id, InSameTransaction alsoDo) {
        DbTransaction tx = db.transaction();
        try {
            Optional<User> user = tx.get("SELECT " + COLUMNS + " FROM users WHERE id = CAST(? AS UUID)", id)
                    .map(UserRepository::user);
            if (user.isEmpty() || tx.delete("DELETE FROM users WHERE id = CAST(? AS UUID)", id) == 0) {
                rollbackQuietly(tx);
                return false;
            }
            alsoDo.run(tx, user.get());
            tx.commit();
            return true;
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            if (isContention(e)) {
                throw new AppException.Conflict("The user was being changed by another request at once; retry.");
            }
            throw e;
        }
    }

    private void inTransaction(Consumer<DbExecute> work) {
        Transactions.run(db, tx -> {
            work.accept(tx);
            return null;
        });
    }

    public long count() {
        return db.execute()
                .get("SELECT COUNT(*) FROM users")
                .orElseThrow()
                .column(1)
                .get(Number.class)
                .longValue();
    }

    private static User user(DbRow row) {
        return new User(
                row.column("id").get(UUID.class),
                row.column("email").get(String.class),
                row.column("name").get(String.class),
                row.column("password_hash").get(String.class),
                List.of(row.column("roles").get(String.class).split(",")),
                row.column("disabled").get(Boolean.class),
                row.column("failed_logins").get(Number.class).intValue(),
                instant(row, "failure_window_start"),
                instant(row, "locked_until"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                row.column("email_verified").get(Boolean.class),
                row.column("mfa_enabled").get(Boolean.class),
                row.column("version").get(Number.class).longValue());
    }

    /** JDBC binds Timestamp the same way on both drivers; timestamps are stored as absolute instants. */
    public static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    public static Instant instant(DbRow row, String column) {
        return instant(row.column(column).get());
    }

    /** PostgreSQL returns Timestamp, H2 OffsetDateTime for {@code TIMESTAMP WITH TIME ZONE}. */
    public static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Timestamp t -> t.toInstant();
            case OffsetDateTime o -> o.toInstant();
            case Instant i -> i;
            default ->
                throw new IllegalStateException(
                        "unexpected timestamp type " + value.getClass().getName());
        };
    }

    /**
     * Two writers on one row that the database resolved by refusing one (PostgreSQL: serialization failure,
     * deadlock, lock not available; H2: lock timeout, concurrent update) become a 409 to retry, not a 500.
     */
    private static boolean isContention(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && Set.of("40001", "40P01", "55P03", "HYT00", "90131").contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(DbTransaction tx) {
        try {
            tx.rollback();
        } catch (RuntimeException suppressed) {
            // the original failure matters more; the pool discards a broken connection
        }
    }
}
