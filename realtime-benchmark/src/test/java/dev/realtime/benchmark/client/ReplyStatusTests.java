package dev.realtime.benchmark.client;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status of a reply to a route call, over the socket and over HTTP: an error answered
 * quickly must not pass for a call.
 */
class ReplyStatusTests {

	@Test
	void aSocketReplyCarriesItsStatus() {
		assertThat(status("{\"id\":7,\"status\":200,\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":\"echo:1\"}"))
			.isEqualTo(200);
		assertThat(status("{\"id\":7,\"status\":404,\"error\":\"Not Found\"}")).isEqualTo(404);
		assertThat(status("{\"id\":7}")).isEqualTo(-1);
	}

	@Test
	void aStatusIsReadWithinItsFrameOnly() {
		byte[] two = "{\"id\":1}{\"id\":2,\"status\":500}".getBytes(StandardCharsets.UTF_8);
		assertThat(LoadClient.replyStatus(two, 0, 8)).isEqualTo(-1);
		assertThat(LoadClient.replyStatus(two, 8, two.length - 8)).isEqualTo(500);
	}

	@Test
	void anHttpResponseCarriesItsStatus() {
		assertThat(LoadClient.httpStatus("HTTP/1.1 200 \r\nContent-Length: 6")).isEqualTo(200);
		assertThat(LoadClient.httpStatus("HTTP/1.1 404 Not Found\r\nContent-Length: 0")).isEqualTo(404);
		assertThat(LoadClient.httpStatus("garbage")).isEqualTo(-1);
	}

	private static int status(String reply) {
		byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
		return LoadClient.replyStatus(bytes, 0, bytes.length);
	}

}
