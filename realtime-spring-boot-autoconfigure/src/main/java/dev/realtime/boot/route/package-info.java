/**
 * The {@code call-route} action: a route called over the socket runs through the application's
 * servlet filters and its DispatcherServlet, as the same request over HTTP would.
 */
@NullMarked
package dev.realtime.boot.route;

import org.jspecify.annotations.NullMarked;
