package dev.realtime.boot.broker;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChannelNamesTests {

	@Test
	void starMatchesAnyRunOfCharactersOtherThanSemicolon() {
		assertThat(ChannelNames.toPattern("room:*").matcher("room:1").matches()).isTrue();
		assertThat(ChannelNames.toPattern("room:*").matcher("room:").matches()).isTrue();
		assertThat(ChannelNames.toPattern("room:*").matcher("room:1;admin").matches()).isFalse();
		assertThat(ChannelNames.toPattern("*;admin").matcher("room:1;admin").matches()).isTrue();
		assertThat(ChannelNames.toPattern("a*b*c").matcher("a-x-b-y-c").matches()).isTrue();
		assertThat(ChannelNames.toPattern("*").matcher("anything at all").matches()).isTrue();
	}

	@Test
	void everyOtherCharacterIsLiteral() {
		assertThat(ChannelNames.toPattern("a.(b)+*").matcher("a.(b)+z").matches()).isTrue();
		assertThat(ChannelNames.toPattern("a.(b)+*").matcher("ax(b)+z").matches()).isFalse();
		assertThat(ChannelNames.toPattern("\\Q*").matcher("\\Qx").matches()).isTrue();
	}

	@Test
	void validNamesAreReturnedInOrder() {
		assertThat(ChannelNames.validate("b", "a")).containsExactly("b", "a");
		assertThat(ChannelNames.validate(List.of("x"))).containsExactly("x");
	}

	@Test
	void nullNamesAndNullArraysAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelNames.validate((String[]) null))
			.withMessageContaining("At least one channel");
		assertThatIllegalArgumentException().isThrownBy(() -> ChannelNames.validate(Arrays.asList("a", null)))
			.withMessage("Channel name must not be blank, got null");
	}

}
