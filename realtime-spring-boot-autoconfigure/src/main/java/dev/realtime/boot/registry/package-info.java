/**
 * State kept per socket digest: issued ids, live sockets, the resume window and subscriptions.
 */
@NullMarked
package dev.realtime.boot.registry;

import org.jspecify.annotations.NullMarked;
