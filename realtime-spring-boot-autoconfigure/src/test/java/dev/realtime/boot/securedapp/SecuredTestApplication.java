package dev.realtime.boot.securedapp;

import java.security.Principal;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.realtime.boot.RealtimeSocket;

/**
 * An application secured with Spring Security as its users would secure it: form login,
 * roles, and CSRF protection left on.
 */
@SpringBootApplication
public class SecuredTestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/", "/page", "/news", "/error", "/realtime/**")
			.permitAll()
			.requestMatchers("/secure/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated()).formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	UserDetailsService users() {
		return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice-secret").roles("USER").build(),
				User.withUsername("root").password("{noop}root-secret").roles("USER", "ADMIN").build());
	}

	@Controller
	static class SecuredController {

		private final RealtimeSocket socket;

		SecuredController(RealtimeSocket socket) {
			this.socket = socket;
		}

		@GetMapping("/page")
		String page(Model model) {
			model.addAttribute("subscribedId", this.socket.connectionId());
			return "page";
		}

		@GetMapping("/news")
		String news(Model model) {
			this.socket.subscribe("news");
			model.addAttribute("subscribedId", this.socket.connectionId());
			return "page";
		}

		@GetMapping("/secure/hello")
		@ResponseBody
		String hello(Principal principal) {
			return "hello " + principal.getName();
		}

		@GetMapping("/secure/note-form")
		String noteForm() {
			return "note-form";
		}

		@PostMapping("/secure/notes")
		@ResponseBody
		String saveNote(@RequestParam("note") String note, Principal principal) {
			return principal.getName() + " saved " + note;
		}

		@GetMapping("/secure/admin/stats")
		@ResponseBody
		String adminStats() {
			return "stats for admins";
		}

	}

}
