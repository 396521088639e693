/**
 * The Actuator endpoint of realtime channels.
 */
@NullMarked
package dev.realtime.boot.actuate;

import org.jspecify.annotations.NullMarked;
