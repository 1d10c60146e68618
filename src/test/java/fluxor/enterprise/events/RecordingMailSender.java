package fluxor.enterprise.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what it accepted; can be told to reject the next N messages. */
public final class RecordingMailSender implements MailSender {
    private final List<MailMessage> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    /** The next {@code n} sends throw. */
    public RecordingMailSender failNext(int n) {
        failuresLeft.set(n);
        return this;
    }

    @Override
    public void send(MailMessage message) {
        calls.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new MailException("451 4.3.0 mail server busy, try later\r\n\tat some.Stack.trace(X.java:1)", null);
        }
        accepted.add(message);
    }

    @Override
    public String kind() {
        return "recording";
    }

    public List<MailMessage> accepted() {
        return List.copyOf(accepted);
    }

    public List<MailMessage> to(String email) {
        return accepted.stream().filter(m -> m.to().equals(email)).toList();
    }

    public int calls() {
        return calls.get();
    }
}
