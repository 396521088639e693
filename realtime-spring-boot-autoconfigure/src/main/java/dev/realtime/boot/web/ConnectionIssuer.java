package dev.realtime.boot.web;

import java.time.Duration;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import dev.realtime.boot.identity.SessionSocketKeys;
import dev.realtime.boot.identity.SocketSecrets;
import dev.realtime.boot.registry.RealtimeRegistry;

/**
 * Mints connection ids and records them as issued, so that a socket may claim them within
 * their time to live.
 */
public class ConnectionIssuer {

	private final RealtimeRegistry registry;

	private final Duration timeToLive;

	private final MintedSessionKeys mintedSessionKeys;

	/**
	 * Create an issuer.
	 * @param registry the registry that records issued ids
	 * @param timeToLive how long an issued id waits for its socket
	 */
	public ConnectionIssuer(RealtimeRegistry registry, Duration timeToLive) {
		this.registry = registry;
		this.timeToLive = timeToLive;
		this.mintedSessionKeys = new MintedSessionKeys(timeToLive);
	}

	/**
	 * Mint a connection id for an HTTP session's socket key, storing a key in the session on
	 * first use, and record the id as issued. Requests of one session that store its first
	 * key at the same time store the same key: on this instance, and on every instance that
	 * shares the registry (see {@link RealtimeRegistry#firstSessionKey}).
	 * @param session the HTTP session
	 * @return the new identity
	 */
	public SocketIdentity issue(HttpSession session) {
		String key = SessionSocketKeys.get(session);
		if (key == null) {
			if (session.isNew()) {
				// Created by this request: no other request can hold it before its client gets
				// the cookie, so there is nothing to share, and no round trip to the registry
				// for every first page of a visitor.
				key = SessionSocketKeys.getOrCreate(session);
			}
			else {
				String sessionId = session.getId();
				key = SessionSocketKeys.getOrCreate(session, () -> this.registry.firstSessionKey(sessionId,
						this.mintedSessionKeys.keyFor(sessionId), this.timeToLive));
			}
		}
		return issue(key);
	}

	/**
	 * Mint a connection id for a socket key and record it as issued.
	 * @param socketKey the socket key
	 * @return the new identity
	 */
	public SocketIdentity issue(String socketKey) {
		SocketIdentity identity = mint(socketKey);
		this.registry.issue(identity.digest(), this.timeToLive);
		return identity;
	}

	/**
	 * Mint a connection id for a socket key and record it as issued, if the registry can
	 * record it: an id it could not record would be refused when its socket connects.
	 * @param socketKey the socket key
	 * @return the new identity, or {@code null} if the registry could not record it
	 */
	public @Nullable SocketIdentity tryIssue(String socketKey) {
		SocketIdentity identity = mint(socketKey);
		return this.registry.tryIssue(identity.digest(), this.timeToLive) ? identity : null;
	}

	private static SocketIdentity mint(String socketKey) {
		String connectionId = SocketSecrets.newSecret();
		return new SocketIdentity(connectionId, SocketSecrets.digest(socketKey, connectionId));
	}

}
