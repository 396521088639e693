package dev.realtime.boot.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Connection ids, socket keys and socket digests. Ids and keys are 32 random bytes written as
 * 64 lowercase hex characters; the digest is HMAC-SHA256(key, connection id) in hex. The server
 * never compares a secret that a client sent: it recomputes the digest and looks it up, and a
 * client cannot choose the bits of an HMAC it cannot compute.
 */
public final class SocketSecrets {

	private static final int RANDOM_BYTES = 32;

	private static final int HEX_LENGTH = RANDOM_BYTES * 2;

	private static final HexFormat HEX = HexFormat.of();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String HMAC_SHA256 = "HmacSHA256";

	// Cloned for each digest: looking the algorithm up among the security providers cost more
	// than the HMAC itself, once per page render and once per handshake.
	private static final @Nullable Mac HMAC_PROTOTYPE = hmacPrototype();

	private SocketSecrets() {
	}

	/**
	 * Return a new connection id or socket key.
	 * @return 64 lowercase hex characters
	 */
	public static String newSecret() {
		byte[] bytes = new byte[RANDOM_BYTES];
		RANDOM.nextBytes(bytes);
		return HEX.formatHex(bytes);
	}

	/**
	 * Return whether the value is shaped like a connection id or socket key.
	 * @param value the value to check
	 * @return whether it is 64 lowercase hex characters
	 */
	public static boolean isWellFormed(@Nullable String value) {
		if (value == null || value.length() != HEX_LENGTH) {
			return false;
		}
		for (int i = 0; i < HEX_LENGTH; i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return the socket digest of a key and connection id.
	 * @param socketKey the socket key
	 * @param connectionId the connection id
	 * @return HMAC-SHA256(key, id) as lowercase hex
	 */
	public static String digest(String socketKey, String connectionId) {
		try {
			Mac mac = newHmac();
			mac.init(new SecretKeySpec(socketKey.getBytes(StandardCharsets.US_ASCII), HMAC_SHA256));
			return HEX.formatHex(mac.doFinal(connectionId.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static Mac newHmac() throws NoSuchAlgorithmException {
		if (HMAC_PROTOTYPE != null) {
			try {
				return (Mac) HMAC_PROTOTYPE.clone();
			}
			catch (CloneNotSupportedException ex) {
				// A provider whose HMAC cannot be cloned: looked up each time instead.
			}
		}
		return Mac.getInstance(HMAC_SHA256);
	}

	private static @Nullable Mac hmacPrototype() {
		try {
			Mac prototype = Mac.getInstance(HMAC_SHA256);
			// Cloned once here, so that a provider that cannot clone is found at startup.
			prototype.clone();
			return prototype;
		}
		catch (NoSuchAlgorithmException | CloneNotSupportedException ex) {
			return null;
		}
	}

}
