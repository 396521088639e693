/**
 * Several instances on Redis: the registry kept in Redis, and the backplane that carries
 * pushes between instances over Redis pub/sub.
 */
@NullMarked
package dev.realtime.boot.redis;

import org.jspecify.annotations.NullMarked;
