/**
 * One open socket: its bounded, ordered sender and the WebSocket handler.
 */
@NullMarked
package dev.realtime.boot.connection;

import org.jspecify.annotations.NullMarked;
