package fluxor.enterprise.events;

/**
 * Reacts to one event. Returning normally means the event was handled (e.g. the mail server accepted the email);
 * throwing means it was not, and the outbox delivers it again later. So a subscriber may see an event more than
 * once (at-least-once) and should be idempotent or tolerate duplicates.
 */
@FunctionalInterface
public interface EventSubscriber {
    void on(Event event);
}
