package dev.realtime.boot.identity;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import org.springframework.web.util.WebUtils;

/**
 * The socket key of a browser, kept in its HTTP session (and so shared by every instance when
 * the session is kept by Spring Session). One key serves every page of the session; each page
 * gets its own connection id.
 */
public final class SessionSocketKeys {

	/** Name of the session attribute that holds the socket key. */
	public static final String ATTRIBUTE = SessionSocketKeys.class.getName() + ".KEY";

	private SessionSocketKeys() {
	}

	/**
	 * Return the session's socket key, if it has one.
	 * @param session the HTTP session
	 * @return the key, or {@code null}
	 */
	public static @Nullable String get(@Nullable HttpSession session) {
		if (session == null) {
			return null;
		}
		Object key = session.getAttribute(ATTRIBUTE);
		return (key instanceof String string) ? string : null;
	}

	/**
	 * Return the name under which the sockets of a session are kept: a digest of the session's
	 * socket key, which stays the same when the session's id changes (as Spring Security
	 * changes it at every login) and says nothing of the key.
	 * @param session the HTTP session
	 * @return the session's digest, or {@code null} when the session has no key
	 */
	public static @Nullable String sessionDigest(@Nullable HttpSession session) {
		String key = get(session);
		return (key != null) ? sessionDigest(key) : null;
	}

	/**
	 * Return the name under which the sockets of a session with the given key are kept.
	 * @param key the session's socket key
	 * @return the session's digest
	 * @see #sessionDigest(HttpSession)
	 */
	public static String sessionDigest(String key) {
		// Never a connection id (64 hex digits), so never a socket's digest.
		return SocketSecrets.digest(key, "http-session");
	}

	/**
	 * Return the session's socket key, creating it on first use.
	 * @param session the HTTP session
	 * @return the key
	 */
	public static String getOrCreate(HttpSession session) {
		return getOrCreate(session, SocketSecrets::newSecret);
	}

	/**
	 * Return the session's socket key, storing the given one on first use.
	 * @param session the HTTP session
	 * @param newKey gives the key for a session that has none
	 * @return the key
	 */
	public static String getOrCreate(HttpSession session, Supplier<String> newKey) {
		// Two first requests of one session at once must not each store a key: the loser's
		// page would hold an id digested with a key that is no longer in the session. The
		// mutex settles it for a container's session, which both requests share; a Spring
		// Session session is a copy per request, for which the caller gives both the same key.
		synchronized (WebUtils.getSessionMutex(session)) {
			String key = get(session);
			if (key == null) {
				key = newKey.get();
				session.setAttribute(ATTRIBUTE, key);
			}
			return key;
		}
	}

}
