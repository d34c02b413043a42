package org.tmapiroutes.tmapi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * One TMAPI request through a limiter on a thread of its own, as the product makes it: it acquires, waits for the
 * test to answer it (the answer told to the limiter on that thread, as the page reader does), then releases.
 */
final class GatedRequest {

    /** Done once the request holds its slot; failed when acquiring failed (the program stopped). */
    final CompletableFuture<Void> acquired = new CompletableFuture<>();
    /** Done once the request has given its slot back. */
    final CompletableFuture<Void> released;
    private final CompletableFuture<Consumer<TmapiLimiter>> answer = new CompletableFuture<>();

    GatedRequest(TmapiLimiter limiter, ExecutorService threads) {
        released = CompletableFuture.runAsync(() -> {
            TmapiLimiter.Permit permit;
            try {
                permit = limiter.acquire();
            } catch (InterruptedException | RuntimeException e) {
                acquired.completeExceptionally(e);
                throw new CompletionException(e);
            }
            acquired.complete(null);
            try {
                answer.join().accept(limiter);
            } finally {
                limiter.release(permit);
            }
        }, threads);
    }

    /** TMAPI answered: the verdict goes to the limiter, then the slot is given back. */
    void answer(Consumer<TmapiLimiter> verdict) {
        answer.complete(verdict);
    }

    void succeed() {
        answer(TmapiLimiter::succeeded);
    }
}
