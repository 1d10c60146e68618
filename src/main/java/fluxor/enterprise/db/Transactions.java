package fluxor.enterprise.db;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbTransaction;
import java.sql.SQLException;
import java.util.function.Function;

/** Work that commits or rolls back as one; the failure that caused a rollback is what propagates. */
public final class Transactions {
    private Transactions() {}

    public static <T> T run(DbClient db, Function<DbExecute, T> work) {
        DbTransaction tx = db.transaction();
        boolean committed = false;
        try {
            T result = work.apply(tx);
            tx.commit();
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly(tx);
            }
        }
    }

    private static void rollbackQuietly(DbTransaction tx) {
        try {
            tx.rollback();
        } catch (RuntimeException ignored) {
            // the failure that caused the rollback propagates; the pool discards a broken connection
        }
    }

    /** SQLSTATE 23505 anywhere in the cause chain (both drivers report it). */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
