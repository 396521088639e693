/**
 * Micrometer metrics of realtime channels, named under {@code realtime.}.
 */
@NullMarked
package dev.realtime.boot.metrics;

import org.jspecify.annotations.NullMarked;
