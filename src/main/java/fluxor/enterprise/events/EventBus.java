package fluxor.enterprise.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-process event bus: subscribers register by event type; {@link #publish} hands an event to each of them in
 * registration order. Only the {@link OutboxWorker} publishes, and only events read back from committed outbox
 * rows, so a subscriber never sees an event whose transaction rolled back.
 */
public final class EventBus {
    private static final System.Logger LOGGER = System.getLogger(EventBus.class.getName());

    private final Map<String, List<EventSubscriber>> subscribers = new ConcurrentHashMap<>();

    public EventBus subscribe(String type, EventSubscriber subscriber) {
        subscribers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(subscriber);
        return this;
    }

    /**
     * Delivers to every subscriber of the event's type; the first failure propagates (the outbox then retries the
     * whole event). Returns the number of subscribers that handled it; an event nobody subscribes to is logged and
     * counts as handled, so that it does not stay in the backlog forever.
     */
    public int publish(Event event) {
        List<EventSubscriber> targets = subscribers.getOrDefault(event.type(), List.of());
        if (targets.isEmpty()) {
            LOGGER.log(
                    System.Logger.Level.WARNING,
                    "no subscriber for event type " + event.type() + " (event " + event.id() + "): dropped");
        }
        for (EventSubscriber subscriber : targets) {
            subscriber.on(event);
        }
        return targets.size();
    }
}
