package dev.realtime.sample;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static dev.realtime.sample.ChatBrowsers.awaitMessage;
import static dev.realtime.sample.ChatBrowsers.joinRoom;
import static dev.realtime.sample.ChatBrowsers.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page of an application deployed under a context path: the routes it calls over the
 * socket are the application's, under that path, as its links and scripts are.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.servlet.context-path=/chat-app")
class ChatPageContextPathBrowserTests extends AbstractChatPageTests {

	@Test
	void messagesAndRoomsWorkUnderTheContextPath() {
		WebDriver alice = this.browsers.open("/chat-app/", "open");
		WebDriver bob = this.browsers.open("/chat-app/", "open");

		send(alice, "Hello under a context path");
		WebElement error = alice.findElement(By.id("form-error"));
		new WebDriverWait(alice, ChatBrowsers.WAIT).until((driver) -> error.isDisplayed()
				|| driver.findElement(By.id("content")).getAttribute("value").isEmpty());
		assertThat(error.getText()).as("error shown on the page").isEmpty();
		awaitMessage(bob, "Hello under a context path");

		joinRoom(alice, "nested");
		joinRoom(bob, "nested");
		send(alice, "In the room under a context path");
		awaitMessage(bob, "In the room under a context path");
	}

}
