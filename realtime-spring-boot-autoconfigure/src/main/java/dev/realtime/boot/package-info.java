/**
 * Realtime channels over WebSocket: the API that applications use, {@link dev.realtime.boot.RealtimeSocket}
 * in HTTP requests and {@link dev.realtime.boot.RealtimePublisher} anywhere.
 */
@NullMarked
package dev.realtime.boot;

import org.jspecify.annotations.NullMarked;
