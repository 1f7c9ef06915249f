package io.fosfleet.config.kafka;

import io.fosfleet.kafka.DeadLetters;
import io.fosfleet.kafka.RateLimitedLog;
import io.fosfleet.kafka.Reasons;
import io.fosfleet.kafka.RetryPolicy;
import io.fosfleet.kafka.messaging.GaveUp;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.LoggerFactory;

/**
 * Stores one consumed record, patiently: a failure that says nothing about the record (the database cannot be reached
 * or is busy) is tried again without end, the wait doubling up to the policy's maximum; any other failure is tried
 * again up to the policy's attempts and then thrown as {@link GaveUp}, so that the channel's failure strategy
 * ({@code fosfleet-dead-letters}) dead-letters the record as {@code failed} with the number of tries.
 * A database outage therefore never sends a record to the dead letters; it holds the channel until the database is
 * back.
 */
public final class DatabasePatience {

    /** The database work for one record. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** Told of every failed try that will be tried again, e.g. to count it. */
    @FunctionalInterface
    public interface Listener {
        void retrying(String topic, boolean databaseAway);
    }

    /** Waits between tries; a test may count instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Listener listener;
    private final RateLimitedLog log;

    public DatabasePatience(RetryPolicy policy, Sleeper sleeper, Listener listener, Duration logInterval) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.listener = listener;
        this.log = new RateLimitedLog(LoggerFactory.getLogger(DatabasePatience.class), logInterval);
    }

    /** {@link RetryPolicy#DEFAULT}, real sleeps, at most one warning per partition per 10 s. */
    public static DatabasePatience standard(Listener listener) {
        return new DatabasePatience(RetryPolicy.DEFAULT, wait -> Thread.sleep(wait.toMillis()), listener,
                Duration.ofSeconds(10));
    }

    /**
     * Runs the work until it succeeds, or until it failed {@code attempts} times for a reason other than the database
     * being away.
     *
     * @param record the record being stored, for the logs and the listener
     * @throws GaveUp with the last failure once the record is given up (the channel dead-letters it)
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public void store(ConsumerRecord<?, ?> record, Work work) throws InterruptedException {
        int failed = 0;
        while (true) {
            try {
                work.run();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            } catch (Exception e) {
                failed++;
                boolean away = databaseAway(e);
                if (!away && failed >= policy.attempts()) {
                    throw new GaveUp(failed, e);
                }
                Duration wait = policy.backoff(failed);
                listener.retrying(record.topic(), away);
                log.warn(record.topic() + "-" + record.partition(), String.format(
                        "%s not stored (try %d%s): %s; trying again in %d ms", DeadLetters.where(record), failed,
                        away ? ", the database is away" : " of " + policy.attempts(), Reasons.of(e),
                        wait.toMillis()));
                sleeper.sleep(wait);
            }
        }
    }

    /**
     * The database cannot be reached or is busy: nothing is wrong with the record, so it waits instead of going to
     * the dead letters. Connection failures (SQL state class 08), timeouts and lock waits.
     */
    public static boolean databaseAway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }
}
