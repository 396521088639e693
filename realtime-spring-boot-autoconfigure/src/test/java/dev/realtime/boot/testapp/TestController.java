package dev.realtime.boot.testapp;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.json.JacksonJsonView;

import dev.realtime.boot.RealtimePublisher;
import dev.realtime.boot.RealtimeSocket;
import dev.realtime.boot.identity.SessionSocketKeys;

@Controller
class TestController {

	private final RealtimeSocket socket;

	private final RealtimePublisher publisher;

	private final TemplateEngine templateEngine;

	TestController(RealtimeSocket socket, RealtimePublisher publisher, TemplateEngine templateEngine) {
		this.socket = socket;
		this.publisher = publisher;
		this.templateEngine = templateEngine;
	}

	@GetMapping("/")
	@ResponseBody
	String home() {
		return "home of the application";
	}

	@GetMapping("/page")
	String page(@RequestParam(name = "channel", required = false) List<String> channels,
			@RequestParam(name = "unsubscribe", required = false) List<String> unsubscribe, Model model) {
		if (channels != null) {
			this.socket.subscribe(channels);
		}
		if (unsubscribe != null) {
			this.socket.unsubscribe(unsubscribe);
		}
		model.addAttribute("subscribedId", this.socket.connectionId());
		return "page";
	}

	@GetMapping("/layout-page")
	String layoutPage(@RequestParam(name = "channel", required = false) List<String> channels, Model model) {
		if (channels != null) {
			this.socket.subscribe(channels);
		}
		model.addAttribute("subscribedId", this.socket.connectionId());
		return "content";
	}

	// Takes its time after asking for the socket's id: a page rendered meanwhile in the same
	// session overlaps it for sure.
	@GetMapping("/slow-page")
	String slowPage(@RequestParam(name = "channel", required = false) List<String> channels, Model model)
			throws InterruptedException {
		String page = page(channels, null, model);
		Thread.sleep(300);
		return page;
	}

	// Puts something in the session, as a cart or a login does before any page is rendered.
	@PostMapping("/cart")
	@ResponseBody
	String cart(HttpSession session) {
		session.setAttribute("cart", "one item");
		return "added";
	}

	// The same, in a session left with no socket key: a Spring Session session made before the
	// starter gave every new one its key (as a container session before any page is).
	@PostMapping("/keyless-cart")
	@ResponseBody
	String keylessCart(HttpSession session) {
		session.setAttribute("cart", "one item");
		session.removeAttribute(SessionSocketKeys.ATTRIBUTE);
		return "added";
	}

	// A page whose handler does not act for a socket: only rendering it asks for an id.
	@GetMapping("/plain-page")
	String plainPage() {
		return "page";
	}

	// An HTMX-style partial: a fragment of a template, with no <body>.
	@GetMapping("/fragment")
	String fragment(@RequestParam(name = "channel", required = false) List<String> channels) {
		if (channels != null) {
			this.socket.subscribe(channels);
		}
		return "fragments :: item";
	}

	// A whole page whose template is a layout's fragment: its <html> element is the fragment.
	@GetMapping("/whole-page")
	String wholePage() {
		return "whole :: page";
	}

	// The same, with a head longer than the container's response buffer: the response is
	// committed before its <body> is written.
	@GetMapping("/long-whole-page")
	String longWholePage(Model model) {
		model.addAttribute("filler", 600);
		return "whole :: page";
	}

	// A JSON API answered with Spring's JSON view rather than @ResponseBody: no page.
	@GetMapping("/json-view")
	ModelAndView jsonView() {
		return new ModelAndView(new JacksonJsonView(), Map.of("name", "value"));
	}

	// A page of the application's own for an unknown product, as a crawler finds them.
	@GetMapping("/products/{id}")
	ModelAndView product(@RequestParam(name = "channel", required = false) List<String> channels) {
		if (channels != null) {
			this.socket.subscribe(channels);
		}
		return new ModelAndView("page", HttpStatus.NOT_FOUND);
	}

	@GetMapping("/retired-products/{id}")
	@ResponseStatus(HttpStatus.GONE)
	String retiredProduct() {
		return "page";
	}

	// A form that a browser posts: the page it answers is the page the browser shows.
	@PostMapping("/form")
	String form(@RequestParam("content") String content, Model model) {
		model.addAttribute("subscribedId", content);
		return "page";
	}

	@GetMapping("/forwarded-page")
	String forwardedPage() {
		return "forward:/plain-page";
	}

	@GetMapping("/advised-failure")
	String advisedFailure() {
		throw new AdvisedFailureException();
	}

	@GetMapping("/go")
	String redirect() {
		return "redirect:/plain-page";
	}

	@GetMapping("/entity")
	ResponseEntity<String> entity() {
		return ResponseEntity.ok("an entity");
	}

	// Fails into an @ExceptionHandler page: an error page that the error dispatch never sees.
	@GetMapping("/handled-failure")
	String handledFailure(@RequestParam(name = "channel", required = false) List<String> channels) {
		if (channels != null) {
			this.socket.subscribe(channels);
		}
		throw new PageFailedException();
	}

	@ExceptionHandler(PageFailedException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String pageFailed() {
		return "failed";
	}

	// Renders an HTML mail in the request, as a password reset endpoint does; it is no page.
	@PostMapping("/mail")
	@ResponseBody
	String mail() {
		return this.templateEngine.process("page", new Context());
	}

	@PostMapping("/unsubscribe-page")
	@ResponseBody
	String unsubscribeWithoutSocket(@RequestParam("channel") String channel) {
		this.socket.unsubscribe(channel);
		return this.socket.connectionId();
	}

	@PostMapping("/push")
	@ResponseBody
	ResponseEntity<Void> push(@RequestParam("channel") List<String> channels, @RequestBody Map<String, Object> payload) {
		this.publisher.push(payload, channels);
		return ResponseEntity.accepted().build();
	}

	// Changes the session id as Spring Security's session fixation protection does at login.
	@PostMapping("/login")
	@ResponseBody
	String login(HttpServletRequest request) {
		return request.changeSessionId();
	}

	@PostMapping("/logout")
	@ResponseBody
	String logout(HttpSession session) {
		session.invalidate();
		return "bye";
	}

	static class PageFailedException extends RuntimeException {

	}

	static class AdvisedFailureException extends RuntimeException {

	}

}
