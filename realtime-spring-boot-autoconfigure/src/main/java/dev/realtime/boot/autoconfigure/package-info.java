/**
 * Auto-configuration for realtime channels.
 */
@NullMarked
package dev.realtime.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
