package fluxor.enterprise.idempotency;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/** Passes a response body through and hands a copy to {@code done} once, at close, before the final flush. */
final class RecordingStream extends FilterOutputStream {
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final Consumer<byte[]> done;
    private boolean closed;

    RecordingStream(OutputStream out, Consumer<byte[]> done) {
        super(out);
        this.done = done;
    }

    @Override
    public void write(int b) throws IOException {
        copy.write(b);
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        copy.write(b, off, len);
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            done.accept(copy.toByteArray());
        }
        super.close();
    }
}
