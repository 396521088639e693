/**
 * A chat room on realtime channels: the sample application of the starter.
 */
@NullMarked
package dev.realtime.sample;

import org.jspecify.annotations.NullMarked;
