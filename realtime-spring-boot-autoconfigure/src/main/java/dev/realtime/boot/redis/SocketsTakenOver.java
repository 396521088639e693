package dev.realtime.boot.redis;

/**
 * The sockets open on this instance whose connection ids another instance took over, which
 * {@link RedisRealtimeRegistry} closes: this instance was missed (stopped, or cut off from
 * Redis, for longer than the instance timeout) and the client resumed elsewhere meanwhile.
 * Closing them keeps every connection id held by one socket at a time.
 */
@FunctionalInterface
public interface SocketsTakenOver {

	/** No socket is ever open here: nothing to close. */
	SocketsTakenOver NONE = (digest) -> {
	};

	/**
	 * Close the socket open here under a digest, if any, without releasing the digest: another
	 * instance holds it now.
	 * @param digest the socket digest
	 */
	void close(String digest);

}
