package dev.realtime.boot.action;

/**
 * A {@link RealtimeAction} of the starter's own ({@code ping}, {@code call-route}): an
 * application's action with the same name replaces it, whatever their order, where two of the
 * application's actions with one name would be a mistake.
 */
public interface BuiltInRealtimeAction extends RealtimeAction {

}
