/**
 * Connection ids, socket keys and the digest that joins them.
 */
@NullMarked
package dev.realtime.boot.identity;

import org.jspecify.annotations.NullMarked;
