package dev.realtime.boot.connection;

import java.time.Duration;

/**
 * Bounds on what one socket may hold up: how long a single send may take and how many bytes may
 * wait for it. A socket over either bound is closed so that it never holds up the others.
 *
 * @param timeLimit longest time one frame may take to send
 * @param bufferSizeLimit most bytes that may wait to be sent
 */
public record SendLimits(Duration timeLimit, long bufferSizeLimit) {
}
