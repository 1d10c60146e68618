package fluxor.enterprise.events;

import static fluxor.enterprise.users.UserRepository.ts;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Claims on a work table shaped like the outbox ({@code id UUID}, {@code status} with {@code 'pending'} rows to do,
 * {@code claimed_by}, {@code claimed_until}): the outbox and the webhook deliveries share this logic.
 *
 * <p>One short transaction selects due rows {@code FOR UPDATE SKIP LOCKED} (PostgreSQL: concurrent workers skip each
 * other's rows; H2 2.2 accepts the clause but applies LIMIT before skipping, so a second worker finds nothing while
 * the first one's claim transaction is open) and stamps each with a claim token and a lease end. The stamp is a
 * conditional UPDATE whose count is checked, so a row is never claimed twice even where the lock is weaker. Work
 * happens after that transaction, without holding locks; finishing is again conditional on the claim token, so a
 * worker whose lease expired cannot overwrite its successor's work.
 */
public final class Leases {
    private final DbClient db;
    private final String table;

    /** {@code table} is a constant of the caller, never user input. */
    public Leases(DbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /**
     * Claims the rows {@code select} finds (a SELECT ending in {@code LIMIT ? FOR UPDATE SKIP LOCKED}; its
     * parameters in {@code params}) for {@code token} until {@code leaseEnd}; returns those this call won.
     */
    public <T> List<T> claim(
            String select,
            List<Object> params,
            Function<DbRow, T> row,
            Function<T, UUID> id,
            String token,
            Instant now,
            Instant leaseEnd) {
        DbTransaction tx = db.transaction();
        boolean committed = false;
        try {
            List<T> due = tx.query(select, params.toArray()).map(row).toList();
            List<T> claimed = new ArrayList<>(due.size());
            for (T candidate : due) {
                long n = tx.update(
                        "UPDATE " + table + " SET claimed_by = ?, claimed_until = ? WHERE id = CAST(? AS UUID) "
                                + "AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)",
                        token,
                        ts(leaseEnd),
                        id.apply(candidate),
                        ts(now));
                if (n == 1) {
                    claimed.add(candidate);
                }
            }
            tx.commit();
            committed = true;
            return claimed;
        } finally {
            if (!committed) {
                rollbackQuietly(tx);
            }
        }
    }

    /**
     * Applies {@code set} and drops the claim, but only while {@code token} still holds a pending row: a worker
     * whose lease expired (and whose row another worker took) changes nothing and learns it from the false.
     */
    public boolean finish(String set, UUID id, String token, Object... values) {
        Object[] params = Arrays.copyOf(values, values.length + 2);
        params[values.length] = id;
        params[values.length + 1] = token;
        return db.execute()
                        .update(
                                "UPDATE " + table + " SET " + set + ", claimed_by = NULL, claimed_until = NULL "
                                        + "WHERE id = CAST(? AS UUID) AND claimed_by = ? AND status = 'pending'",
                                params)
                == 1;
    }

    /** Hands a claimed row back untouched (shutdown), so any worker can take it at once. */
    public boolean release(UUID id, String token) {
        return db.execute()
                        .update(
                                "UPDATE " + table + " SET claimed_by = NULL, claimed_until = NULL "
                                        + "WHERE id = CAST(? AS UUID) AND claimed_by = ?",
                                id,
                                token)
                == 1;
    }

    private static void rollbackQuietly(DbTransaction tx) {
        try {
            tx.rollback();
        } catch (RuntimeException ignored) {
            // the original failure is what propagates; the pool discards a broken connection
        }
    }
}
