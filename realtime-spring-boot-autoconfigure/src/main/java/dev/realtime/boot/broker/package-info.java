/**
 * Delivery of pushes to the sockets subscribed to a channel.
 */
@NullMarked
package dev.realtime.boot.broker;

import org.jspecify.annotations.NullMarked;
