package dev.realtime.boot.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.view.BeanNameViewResolver;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.servlet.view.json.JacksonJsonView;

import dev.realtime.boot.RealtimeSocket;

/**
 * An application that renders pages with a view technology other than Thymeleaf.
 */
@SpringBootApplication(excludeName = { "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration",
		"dev.realtime.boot.autoconfigure.RealtimeThymeleafAutoConfiguration" })
class PlainViewTestApplication {

	@Bean
	BeanNameViewResolver beanNameViewResolver() {
		return new BeanNameViewResolver();
	}

	@Bean
	View plain() {
		return new View() {

			@Override
			public String getContentType() {
				return "text/html";
			}

			@Override
			public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
					throws Exception {
				response.setContentType("text/html");
				response.getWriter()
					.write("<html><body data-socket-connection-id=\"" + model.get("socketConnectionId")
							+ "\"><p id=\"subscribed\">" + model.get("subscribedId") + "</p></body></html>");
			}

		};
	}

	// Boot's error page, in the same view technology: it backs off from a View named "error".
	@Bean
	View error() {
		return new View() {

			@Override
			public String getContentType() {
				return "text/html";
			}

			@Override
			public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
					throws Exception {
				response.setContentType("text/html");
				String id = (String) model.get("socketConnectionId");
				response.getWriter()
					.write("<html><body" + ((id != null) ? " data-socket-connection-id=\"" + id + "\"" : "")
							+ "><h1>Failed</h1></body></html>");
			}

		};
	}

	// A JSON API's view, named by its handlers.
	@Bean
	View jsonView() {
		return new JacksonJsonView();
	}

	// A redirect named by its handlers: no "redirect:" prefix tells that it is one.
	@Bean
	View toPage() {
		return new RedirectView("/page");
	}

	@Controller
	static class PlainController {

		private final RealtimeSocket socket;

		PlainController(RealtimeSocket socket) {
			this.socket = socket;
		}

		@GetMapping("/page")
		String page(org.springframework.ui.Model model) {
			this.socket.subscribe("plain");
			model.addAttribute("subscribedId", this.socket.connectionId());
			return "plain";
		}

		@GetMapping("/subscribe-then-fail")
		String subscribeThenFail() {
			this.socket.subscribe("plain");
			throw new IllegalStateException("failed after subscribing");
		}

		// Spring MVC renders an @ExceptionHandler's view without calling interceptors' postHandle.
		@GetMapping("/subscribe-then-fail-handled")
		String subscribeThenFailHandled() {
			this.socket.subscribe("plain");
			throw new HandledFailure();
		}

		@GetMapping("/subscribe-then-fail-handled-with-id")
		String subscribeThenFailHandledWithId() {
			this.socket.subscribe("plain");
			throw new HandledFailureWithId();
		}

		@ExceptionHandler(HandledFailure.class)
		@ResponseStatus(HttpStatus.NOT_FOUND)
		String handled() {
			return "error";
		}

		// As the README tells: an exception handler whose page needs the id adds it itself.
		@ExceptionHandler(HandledFailureWithId.class)
		@ResponseStatus(HttpStatus.NOT_FOUND)
		String handledWithId(org.springframework.ui.Model model) {
			model.addAttribute(SocketConnectionIdModelInterceptor.MODEL_ATTRIBUTE, this.socket.connectionId());
			return "error";
		}

		@GetMapping("/go")
		String redirect() {
			return "redirect:/page";
		}

		@GetMapping("/api/status")
		String status(org.springframework.ui.Model model) {
			model.addAttribute("status", "up");
			return "jsonView";
		}

		@GetMapping("/named-redirect")
		String namedRedirect() {
			return "toPage";
		}

		static class HandledFailure extends RuntimeException {

		}

		static class HandledFailureWithId extends RuntimeException {

		}

	}

}
