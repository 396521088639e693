/**
 * Test support for applications with realtime channels: {@link dev.realtime.boot.test.RealtimeTestClient}
 * renders pages and opens sockets as a browser or another client would, and
 * {@link dev.realtime.boot.test.RealtimeTestSocket} calls routes and waits for pushes.
 */
@NullMarked
package dev.realtime.boot.test;

import org.jspecify.annotations.NullMarked;
