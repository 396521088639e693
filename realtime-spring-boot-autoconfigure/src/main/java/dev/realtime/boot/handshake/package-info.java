/**
 * Checks made before a WebSocket upgrade is accepted.
 */
@NullMarked
package dev.realtime.boot.handshake;

import org.jspecify.annotations.NullMarked;
