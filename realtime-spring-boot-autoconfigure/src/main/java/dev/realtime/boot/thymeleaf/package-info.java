/**
 * Thymeleaf dialect that writes the connection id onto every page body.
 */
@NullMarked
package dev.realtime.boot.thymeleaf;

import org.jspecify.annotations.NullMarked;
