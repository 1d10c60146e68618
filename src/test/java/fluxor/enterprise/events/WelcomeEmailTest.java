package fluxor.enterprise.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

class WelcomeEmailTest {
    @Test
    void isAddressedToTheUserWithAFixedSubjectAndTheirName() {
        MailMessage m = WelcomeEmail.message("ada@example.com", "Ada Lovelace");
        assertThat(m.to(), is("ada@example.com"));
        assertThat(m.subject(), is("Welcome to Fluxor Enterprise"));
        assertThat(m.body(), containsString("Hello Ada Lovelace,\n"));
        assertThat(m.body(), containsString("ada@example.com"));
    }

    @Test
    void aNameCannotForgeLinesOrHideText() {
        String body = WelcomeEmail.message(
                        "e@example.com", "Eve\r\nSubject: you won\n\nClick http://evil.test\u202Eexe.txt\u0000")
                .body();
        assertThat(body, not(containsString("\nSubject:")));
        assertThat(body, not(containsString("\u202E")));
        assertThat(body, not(containsString("\u0000")));
        assertThat(body, containsString("Hello Eve Subject: you won Click http://evil.test exe.txt,\n"));
    }

    @Test
    void aLongNameIsCappedAndABlankOneGreetedPolitely() {
        assertThat(WelcomeEmail.plain("x".repeat(500)), is("x".repeat(100) + "..."));
        assertThat(WelcomeEmail.plain(" \t\n "), is("there"));
        assertThat(WelcomeEmail.plain("Zoë  Ångström"), is("Zoë Ångström"));
    }
}
