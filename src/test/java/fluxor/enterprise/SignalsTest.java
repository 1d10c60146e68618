package fluxor.enterprise;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Signals} against real process signals (sun.misc.Signal is reached reflectively here too, see Signals). */
class SignalsTest {
    @Test
    void deliversTheSignalNameToTheHandler() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Signals.handle(List.of("HUP"), received::add);

        raise("HUP");

        assertThat(received.poll(10, TimeUnit.SECONDS), is("HUP"));
    }

    @Test
    void installedHandlerBehavesAsAPlainObject() throws Exception {
        Signals.handle(List.of("HUP"), name -> {});
        Class<?> signal = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Object hup = signal.getConstructor(String.class).newInstance("HUP");
        // putting the default back hands us the handler Signals installed
        Object installed = signal.getMethod("handle", signal, handlerType)
                .invoke(null, hup, handlerType.getField("SIG_DFL").get(null));

        assertThat(installed.toString(), is("fluxor signal handler"));
        assertThat(installed.hashCode(), is(System.identityHashCode(installed)));
        assertThat(installed.equals(installed), is(true));
        assertThat(installed.equals(hup), is(false));
        assertThat(installed, is(not(handlerType.getField("SIG_DFL").get(null))));
    }

    @Test
    void unknownSignalNameIsAnError() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> Signals.handle(List.of("NO-SUCH-SIGNAL"), name -> {}));
        assertThat(e.getCause() instanceof IllegalArgumentException, is(true));
    }

    private static void raise(String name) throws ReflectiveOperationException {
        Class<?> signal = Class.forName("sun.misc.Signal");
        signal.getMethod("raise", signal)
                .invoke(null, signal.getConstructor(String.class).newInstance(name));
    }
}
