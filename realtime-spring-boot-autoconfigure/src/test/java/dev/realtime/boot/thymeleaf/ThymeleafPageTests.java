package dev.realtime.boot.thymeleaf;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.realtime.boot.registry.RealtimeRegistry;
import dev.realtime.boot.test.RealtimeTestClient;
import dev.realtime.boot.test.RealtimeTestSocket;
import dev.realtime.boot.testapp.RealtimeTestApplication;
import dev.realtime.boot.testapp.TestAppBrowser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rendered page's {@code <body>} carries the id that {@code RealtimeSocket} stood for.
 */
@SpringBootTest(classes = RealtimeTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ThymeleafPageTests {

	@LocalServerPort
	int port;

	@Autowired
	RealtimeRegistry registry;

	@Autowired
	TemplateEngine templateEngine;

	@Test
	void bodyCarriesTheIdThatRealtimeSocketSubscribedInThatRequest() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> page = browser.get("/page?channel=news");
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<p id=\"subscribed\">" + id + "</p>");
		assertThat(page.body()).contains("<body class=\"page\" data-socket-connection-id=\"" + id + "\">");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"n\":1}", "news");
			assertThat(socket.next().get("channel").asString()).isEqualTo("news");
		}
	}

	@Test
	void bodyOfALayoutCarriesTheIdWithNoChangeToTheTemplates() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> page = browser.get("/layout-page?channel=layout");
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<header>Layout header</header>");
		assertThat(page.body()).contains("<p id=\"subscribed\">" + id + "</p>");
		assertThat(page.body().split("data-socket-connection-id", -1)).hasSize(2);
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"n\":1}", "layout");
			assertThat(socket.next().get("channel").asString()).isEqualTo("layout");
		}
	}

	@Test
	void errorPagesGetNoIdAndNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> page = browser.send(java.net.http.HttpRequest.newBuilder(browser.uri("/missing"))
			.header("Accept", "text/html")
			.GET()
			.build());
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("<h1>Not here</h1>").doesNotContain("data-socket-connection-id");
		assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void modelAttributeCarriesTheSameId() {
		HttpResponse<String> page = new TestAppBrowser(this.port).get("/page");
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<p id=\"model\">" + id + "</p>");
	}

	@Test
	void mailRenderedInARequestGetsNoIdAndTheRequestNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> mail = browser.send(HttpRequest.newBuilder(browser.uri("/mail"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(mail.statusCode()).isEqualTo(200);
		assertThat(mail.body()).contains("<body class=\"page\">").doesNotContain("data-socket-connection-id");
		assertThat(mail.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
	}

	@Test
	void headRequestForAPageGetsNoIdAndNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> head = browser.send(HttpRequest.newBuilder(browser.uri("/plain-page"))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
		assertThat(browser.get("/plain-page").body()).contains("data-socket-connection-id");
	}

	@Test
	void fragmentViewMintsNoIdAndCreatesNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> fragment = browser.get("/fragment");
		assertThat(fragment.statusCode()).isEqualTo(200);
		assertThat(fragment.body()).isEqualTo("<li id=\"item\">no id</li>");
		assertThat(fragment.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
		HttpResponse<String> page = browser.get("/plain-page");
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<p id=\"model\">" + id + "</p>");
		assertThat(this.registry.size()).isEqualTo(issued + 1);
	}

	@Test
	void fragmentViewOfAHandlerThatUsedTheSocketGetsItsId() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> fragment = browser.get("/fragment?channel=fragment");
		String id = fragment.body().replaceAll("<li id=\"item\">(.*)</li>", "$1");
		assertThat(id).matches("[0-9a-f]{64}");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"n\":1}", "fragment");
			assertThat(socket.next().get("channel").asString()).isEqualTo("fragment");
		}
	}

	@Test
	void htmxPartialRequestMintsNoIdAndCreatesNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> partial = browser.send(HttpRequest.newBuilder(browser.uri("/plain-page"))
			.header("HX-Request", "true")
			.GET()
			.build());
		assertThat(partial.statusCode()).isEqualTo(200);
		assertThat(partial.body()).contains("<body class=\"page\">")
			.contains("<p id=\"model\"></p>")
			.doesNotContain("data-socket-connection-id");
		assertThat(partial.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
	}

	@Test
	void htmxBoostedRequestIsAPageAndGetsItsId() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> boosted = browser.send(HttpRequest.newBuilder(browser.uri("/plain-page"))
			.header("HX-Request", "true")
			.header("HX-Boosted", "true")
			.GET()
			.build());
		String id = RealtimeTestClient.connectionIdOf(boosted.body());
		assertThat(boosted.body()).contains("<p id=\"model\">" + id + "</p>");
		browser.connect(id).close();
	}

	@Test
	void htmxBoostedPageAlsoCarriesItsIdInsideItsBodyWhereHtmxTakesItFrom() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> boosted = browser.send(HttpRequest.newBuilder(browser.uri("/page?channel=boosted"))
			.header("HX-Request", "true")
			.header("HX-Boosted", "true")
			.GET()
			.build());
		String id = RealtimeTestClient.connectionIdOf(boosted.body());
		assertThat(boosted.body()).contains("<body class=\"page\" data-socket-connection-id=\"" + id
				+ "\"><template data-socket-connection-id=\"" + id + "\"></template>");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"n\":1}", "boosted");
			assertThat(socket.next().get("channel").asString()).isEqualTo("boosted");
		}
	}

	@Test
	void htmxHistoryRestoreRequestIsAPageAndCarriesItsIdInsideItsBody() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		// htmx asks so for a page that it went back to and had not kept (htmx.config.historyCacheSize),
		// and swaps it into <body> as it does a boosted one.
		HttpResponse<String> restored = browser.send(HttpRequest.newBuilder(browser.uri("/plain-page"))
			.header("HX-Request", "true")
			.header("HX-History-Restore-Request", "true")
			.GET()
			.build());
		String id = RealtimeTestClient.connectionIdOf(restored.body());
		assertThat(restored.body()).contains("<p id=\"model\">" + id + "</p>")
			.contains("<template data-socket-connection-id=\"" + id + "\"></template>");
		browser.connect(id).close();
	}

	@Test
	void redirectResponseBodyAndResponseEntityHandlersMintNothing() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> redirect = browser.send(HttpRequest.newBuilder(browser.uri("/go")).GET().build());
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/plain-page"));
		HttpResponse<String> body = browser.get("/");
		assertThat(body.body()).isEqualTo("home of the application");
		HttpResponse<String> entity = browser.get("/entity");
		assertThat(entity.body()).isEqualTo("an entity");
		assertThat(redirect.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(body.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(entity.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
	}

	@Test
	void exceptionHandlerPageGetsNoIdAndNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> page = browser.get("/handled-failure");
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("<h1>Handled</h1>").doesNotContain("data-socket-connection-id");
		assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
	}

	@Test
	void exceptionHandlerPageOfARequestThatSubscribedGetsItsId() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> page = browser.get("/handled-failure?channel=handled");
		assertThat(page.statusCode()).isEqualTo(404);
		String id = RealtimeTestClient.connectionIdOf(page.body());
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"n\":1}", "handled");
			assertThat(socket.next().get("channel").asString()).isEqualTo("handled");
		}
	}


	@Test
	void jsonViewGetsNoIdAndTheRequestNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> json = browser.get("/json-view");
		assertThat(json.statusCode()).isEqualTo(200);
		assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("application/json"));
		assertThat(json.body()).isEqualTo("{\"name\":\"value\"}");
		assertThat(json.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
	}

	@Test
	void pageWithAnErrorStatusOfItsHandlerGetsNoIdAndNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> missing = browser.get("/products/42");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("<body class=\"page\">").doesNotContain("data-socket-connection-id");
		assertThat(missing.headers().firstValue("Set-Cookie")).isEmpty();
		HttpResponse<String> retired = browser.get("/retired-products/42");
		assertThat(retired.statusCode()).isEqualTo(410);
		assertThat(retired.body()).contains("<body class=\"page\">").doesNotContain("data-socket-connection-id");
		assertThat(retired.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
	}

	@Test
	void pageWithAnErrorStatusOfAHandlerThatSubscribedGetsItsId() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> missing = browser.get("/products/42?channel=restock");
		assertThat(missing.statusCode()).isEqualTo(404);
		String id = RealtimeTestClient.connectionIdOf(missing.body());
		assertThat(missing.body()).contains("<p id=\"model\">" + id + "</p>");
		try (RealtimeTestSocket socket = browser.connect(id)) {
			browser.push("{\"n\":1}", "restock");
			assertThat(socket.next().get("channel").asString()).isEqualTo("restock");
		}
	}

	@Test
	void pageRenderedThroughAFragmentSelectorReadsItsIdInItsBody() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> page = browser.get("/whole-page");
		assertThat(page.statusCode()).isEqualTo(200);
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<p id=\"model\">" + id + "</p>");
		browser.connect(id).close();
	}

	@Test
	void pageRenderedThroughAFragmentSelectorForANavigationGetsItsIdBeforeAnyOfItIsWritten() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> page = browser.send(HttpRequest.newBuilder(browser.uri("/long-whole-page"))
			.header("Sec-Fetch-Mode", "navigate")
			.GET()
			.build());
		assertThat(page.statusCode()).isEqualTo(200);
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<meta name=\"socket-connection-id\" content=\"" + id + "\">")
			.contains("<p id=\"model\">" + id + "</p>")
			.contains("</body>\n</html>");
		assertThat(page.headers().firstValue("Set-Cookie")).isPresent();
		browser.connect(id).close();
	}

	@Test
	void longPageRenderedThroughAFragmentSelectorWithNoSignOfANavigationRendersWhole() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> page = browser.get("/long-whole-page");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<body class=\"whole\">")
			.contains("<p id=\"model\"></p>")
			.contains("</body>\n</html>");
		assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
	}

	@Test
	void pageAnsweringAFormPostGetsItsId() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		HttpResponse<String> page = browser.postForm("/form", "content=posted");
		assertThat(page.statusCode()).isEqualTo(200);
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<p id=\"subscribed\">posted</p>").contains("<p id=\"model\">" + id + "</p>");
		assertThat(page.headers().firstValue("Set-Cookie")).isPresent();
		browser.connect(id).close();
	}

	@Test
	void forwardedPageGetsOneIdMintedOnce() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> page = browser.get("/forwarded-page");
		assertThat(page.statusCode()).isEqualTo(200);
		String id = RealtimeTestClient.connectionIdOf(page.body());
		assertThat(page.body()).contains("<p id=\"model\">" + id + "</p>");
		assertThat(this.registry.size()).isEqualTo(issued + 1);
		browser.connect(id).close();
	}

	@Test
	void controllerAdvicePageGetsNoIdAndNoSession() {
		TestAppBrowser browser = new TestAppBrowser(this.port);
		int issued = this.registry.size();
		HttpResponse<String> page = browser.get("/advised-failure");
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("<h1>Handled</h1>").doesNotContain("data-socket-connection-id");
		assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(this.registry.size()).isEqualTo(issued);
	}

	@Test
	void mailRenderedOutsideARequestGetsNoId() {
		int issued = this.registry.size();
		String mail = this.templateEngine.process("page", new Context());
		assertThat(mail).contains("<body class=\"page\">").doesNotContain("data-socket-connection-id");
		assertThat(this.registry.size()).isEqualTo(issued);
	}

}
