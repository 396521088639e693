/**
 * Clients for the tests: an HTTP client that keeps cookies and a WebSocket client that records
 * frames.
 */
@NullMarked
package dev.realtime.sample.support;

import org.jspecify.annotations.NullMarked;
