package io.stompede.transport;

import io.stompede.frame.EncodedFrame;
import java.util.concurrent.TimeUnit;

/**
 * A connection that passes every call to another: the base of a {@link ConnectionDecorator}'s
 * stand-in, which overrides only what it changes. Confined, like the connection it wraps, to the
 * connection's thread.
 */
public abstract class ForwardingConnection implements Connection {
    /** The connection every call goes to unless overridden. */
    protected final Connection connection;

    protected ForwardingConnection(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void write(EncodedFrame frame) {
        connection.write(frame);
    }

    @Override
    public void flush() {
        connection.flush();
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public void setReading(boolean reading) {
        connection.setReading(reading);
    }

    @Override
    public void execute(Runnable task) {
        connection.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delay, TimeUnit unit) {
        return connection.schedule(task, delay, unit);
    }

    @Override
    public ConnectionInfo info() {
        return connection.info();
    }
}
