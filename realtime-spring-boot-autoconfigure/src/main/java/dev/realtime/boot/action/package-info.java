/**
 * Messages that clients send over the socket, and the actions that answer them.
 */
@NullMarked
package dev.realtime.boot.action;

import org.jspecify.annotations.NullMarked;
