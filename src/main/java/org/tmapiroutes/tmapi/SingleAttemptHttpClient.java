package org.tmapiroutes.tmapi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The HTTP client of every TMAPI request, configured for a service paid per call:
 * <ul>
 * <li>the client's own silent retry of requests whose connection dropped is off, so every request that goes out is one
 * the error policy (routes/tmapi-errors.camel.yaml) decided on;</li>
 * <li>a request has a total time ({@code tmapi.timeout-seconds}): connect, wait and the whole answer. The per-read
 * timeouts end a server that goes silent, not one that sends a byte now and then; at the total time its connection
 * is closed, and the request fails as a transport failure like a timeout;</li>
 * <li>an answer may be {@code tmapi.max-response-mb} long at most: a longer one (announced, or found while it is
 * read) fails the request as a transport failure before it fills the memory;</li>
 * <li>with {@code tmapi.auth=header} the {@code apikey} header is added to each request as it leaves, so the token is
 * never a message header of a route (nor in its tracing or logs).</li>
 * </ul>
 */
public final class SingleAttemptHttpClient implements HttpClientConfigurer, AutoCloseable {

    private final TmapiAuth auth;
    private final Duration totalTime;
    private final long maxResponseBytes;
    /** Closes the connections of requests past their total time; one daemon thread, idle between deadlines. */
    private final ScheduledThreadPoolExecutor deadlines;

    public SingleAttemptHttpClient(TmapiAuth auth, Duration totalTime, int maxResponseMegabytes) {
        this.auth = auth;
        this.totalTime = totalTime;
        this.maxResponseBytes = maxResponseMegabytes * 1024L * 1024L;
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "tmapi-request-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
        clientBuilder.addExecInterceptorFirst("tmapi-limits", this::withinLimits);
        String token = auth.headerToken();
        if (token != null) {
            clientBuilder.addRequestInterceptorFirst((request, entity, context) ->
                    request.setHeader(TmapiAuth.HEADER, token));
        }
    }

    /**
     * Runs the request with its deadline set: past it, the request's connection is closed, which fails whatever is
     * still reading from it. The deadline is dropped once the answer's body has been read and closed, or the request
     * failed: a deadline waiting on holds the request's hold on its connection, so a job of many pages would keep one
     * for each page of the last {@code tmapi.timeout-seconds}. The answer's body is read through a limit.
     */
    private ClassicHttpResponse withinLimits(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ScheduledFuture<?> deadline = deadlines.schedule(scope.execRuntime::discardEndpoint, totalTime.toMillis(),
                TimeUnit.MILLISECONDS);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            deadline.cancel(false);
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            deadline.cancel(false);
        } else {
            if (entity.getContentLength() > maxResponseBytes) {
                deadline.cancel(false);
                response.close();
                throw tooLong();
            }
            response.setEntity(new HttpEntityWrapper(entity) {
                @Override
                public InputStream getContent() throws IOException {
                    return new BoundedInputStream(super.getContent(), deadline);
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    try (InputStream in = getContent()) {
                        in.transferTo(out);
                    }
                }
            });
        }
        return response;
    }

    private IOException tooLong() {
        return new AnswerTooLong("the answer is longer than " + maxResponseBytes / (1024 * 1024)
                + " MB (tmapi.max-response-mb), so it was not read");
    }

    /** An answer past {@code tmapi.max-response-mb}; its message is the reason a user reads. */
    static final class AnswerTooLong extends IOException {
        private static final long serialVersionUID = 1L;

        AnswerTooLong(String reason) {
            super(reason);
        }
    }

    /** An answer's body that fails once it goes past the limit, and drops its request's deadline once closed. */
    private final class BoundedInputStream extends FilterInputStream {

        private final ScheduledFuture<?> deadline;
        private long read;

        BoundedInputStream(InputStream in, ScheduledFuture<?> deadline) {
            super(in);
            this.deadline = deadline;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                deadline.cancel(false);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws IOException {
            read += n;
            if (read > maxResponseBytes) {
                throw tooLong();
            }
        }
    }

    /** How many requests' deadlines are waiting to fire: those of the requests still being answered. */
    int deadlinesWaiting() {
        return deadlines.getQueue().size();
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
    }
}
