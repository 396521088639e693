/**
 * HTTP-side glue: the request-bound socket, the connection id endpoint, session listeners.
 */
@NullMarked
package dev.realtime.boot.web;

import org.jspecify.annotations.NullMarked;
