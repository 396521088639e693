package dev.realtime.boot.route;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class OriginFormTests {

	private static final List<String> COMMON = List.of("/", "/bench/echo?q=1", "/messages?page=2&size=20",
			"/a/b/c", "/a/b/", "/a?x=%41%20b", "/a?x=1+2", "/a?name=J%C3%BCrgen&city=K%C3%B6ln", "/a?x=", "/a?x",
			"/a?x=1&x=2", "/a?x=1&y=2&x=3", "/a?x=1&y=2&x=3&y", "/a?x=a=b", "/a?x=1#top", "/a#top", "/a?", "/a?#f",
			"/a#f?x=1", "/a?x=/b?c", "/a;jsessionid=1?x=1", "/a/%2F/b", "/a/./b/../c", "/a:b@c/!$'()*,;=~",
			"/items?filter%5Bname%5D=x&tags%5B%5D=a&tags%5B%5D=b", "/a?q=%2B%26%3D", "/a?%20=%20");

	private static final List<String> OTHERS = List.of("/a//b?x=1", "/a?b=1&&c=2", "/a?=x&y", "/a?&x=1&", "/a?x=1&=",
			"/a b", "/a?x=%zz", "/a%zz", "/a?x=%4", "/a%", "/a?x=[1]", "/a/[1]", "/a?x=\"q\"", "/a?x={y}", "/a?x=|",
			"/é?x=é", "/a?x=^", "/a\\b", "/a#f#g", "/a?x=1#f g", "http://example.com/a?x=1", "//example.com/a", "a?x=1",
			"");

	@Test
	void commonUrisAreReadByHandAsSpringsParserReadsThem() {
		for (String uri : COMMON) {
			OriginForm form = OriginForm.parse(uri);
			assertThat(form).as(uri).isNotNull();
			assertSameAsParser(uri, form);
		}
	}

	@Test
	void otherUrisAreLeftToSpringsParser() {
		for (String uri : OTHERS) {
			assertThat(OriginForm.parse(uri)).as(uri).isNull();
		}
	}

	@Test
	void repeatedNamesComeTogetherInTheQueryAsSpringsParserRebuildsIt() {
		OriginForm form = OriginForm.parse("/a?x=1&y=2&x=3");
		assertThat(form).isNotNull();
		assertThat(form.query()).isEqualTo("x=1&x=3&y=2");
	}

	private static void assertSameAsParser(String uri, OriginForm form) {
		UriComponents parsed = UriComponentsBuilder.fromUriString(uri).build();
		assertThat(form.path()).as(uri).isEqualTo(parsed.getPath());
		assertThat(form.query()).as(uri).isEqualTo(parsed.getQuery());
		assertThat(form.queryParams()).as(uri).isEqualTo(parsed.getQueryParams());
		assertThat(List.copyOf(form.queryParams().keySet())).as(uri)
			.containsExactlyElementsOf(parsed.getQueryParams().keySet());
	}

}
