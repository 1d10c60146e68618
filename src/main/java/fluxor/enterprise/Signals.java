package fluxor.enterprise;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

/**
 * Installs process signal handlers through {@code sun.misc.Signal} (module {@code jdk.unsupported}, the supported
 * home of that API). It is reached reflectively so that the build's {@code -Xlint:all -Werror} holds: javac's
 * "internal proprietary API" warning cannot be switched off on JDK 21 to 25. Behaviour is that of
 * {@code Signal.handle(new Signal(name), signal -> handler.accept(signal.getName()))} for each name.
 */
final class Signals {
    private Signals() {}

    /** Calls {@code handler} with the signal's name (e.g. {@code TERM}) whenever one of {@code names} arrives. */
    static void handle(List<String> names, Consumer<String> handler) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerInterface = Class.forName("sun.misc.SignalHandler");
            Method getName = signalClass.getMethod("getName");
            Method install = signalClass.getMethod("handle", signalClass, handlerInterface);
            // a proxy equals only itself; Objects.equals(proxy, ...) would call back into this handler and recurse
            @SuppressWarnings("ReferenceEquality")
            InvocationHandler dispatch = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    handler.accept((String) getName.invoke(args[0]));
                    yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "fluxor signal handler";
                default -> throw new UnsupportedOperationException(method.getName());
            };
            Object proxy =
                    Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerInterface}, dispatch);
            for (String name : names) {
                install.invoke(null, signalClass.getConstructor(String.class).newInstance(name), proxy);
            }
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot install signal handlers " + names, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot install signal handlers " + names, e);
        }
    }
}
