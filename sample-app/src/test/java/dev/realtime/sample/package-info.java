/**
 * Tests of the chat room, over real HTTP and WebSocket connections and in a real browser.
 */
@NullMarked
package dev.realtime.sample;

import org.jspecify.annotations.NullMarked;
