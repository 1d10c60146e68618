package fluxor.enterprise.account;

import fluxor.enterprise.events.MailMessage;
import fluxor.enterprise.events.WelcomeEmail;

/**
 * The account emails, each with a text part and an HTML part saying the same. User-supplied values (name,
 * addresses) go through {@link WelcomeEmail#plain} (no control or invisible characters, bounded) and, in the HTML
 * part, are escaped as well. Links are {@code {app.public-url}/<action>?token=<token>}.
 */
final class AccountMail {
    static final String VERIFY_SUBJECT = "Confirm your email address";
    static final String CHANGE_SUBJECT = "Confirm your new email address";
    static final String CHANGE_NOTICE_SUBJECT = "A change of your email address was requested";
    static final String RESET_SUBJECT = "Reset your password";
    static final String PASSWORD_CHANGED_SUBJECT = "Your password was changed";
    static final String UNLOCK_SUBJECT = "Your account was locked";

    private final String publicUrl;

    AccountMail(String publicUrl) {
        this.publicUrl = publicUrl;
    }

    String link(TokenKind kind, String token) {
        return publicUrl + "/" + kind.action() + "?token=" + token;
    }

    MailMessage verify(String to, String name, String token) {
        return withLink(
                to,
                VERIFY_SUBJECT,
                name,
                "please confirm that " + WelcomeEmail.plain(to) + " is your address by opening this link "
                        + "(valid for 24 hours):",
                link(TokenKind.VERIFY_EMAIL, token),
                "If you did not create a Fluxor Enterprise account, ignore this email.");
    }

    MailMessage change(String to, String name, String token) {
        return withLink(
                to,
                CHANGE_SUBJECT,
                name,
                "to make " + WelcomeEmail.plain(to) + " the address of your account, open this link "
                        + "(valid for 24 hours):",
                link(TokenKind.CHANGE_EMAIL, token),
                "If you did not ask for this, ignore this email; your account stays as it is.");
    }

    MailMessage changeNotice(String to, String name, String newEmail) {
        return notice(
                to,
                CHANGE_NOTICE_SUBJECT,
                name,
                "someone signed in to your account asked to change its email address to " + WelcomeEmail.plain(newEmail)
                        + ". Nothing changes until that address confirms.",
                "If this was not you, change your password now.");
    }

    MailMessage reset(String to, String name, String token) {
        return withLink(
                to,
                RESET_SUBJECT,
                name,
                "to choose a new password, open this link (valid for 1 hour):",
                link(TokenKind.RESET_PASSWORD, token),
                "If you did not ask for a reset, ignore this email; your password stays as it is.");
    }

    MailMessage passwordChanged(String to, String name) {
        return notice(
                to,
                PASSWORD_CHANGED_SUBJECT,
                name,
                "the password of your Fluxor Enterprise account was changed, and every session was signed out.",
                "If this was not you, reset your password now and contact support.");
    }

    MailMessage unlock(String to, String name, String token) {
        return withLink(
                to,
                UNLOCK_SUBJECT,
                name,
                "your account was locked after many failed sign-ins. To unlock it, open this link "
                        + "(valid for 1 hour):",
                link(TokenKind.UNLOCK, token),
                "If these sign-ins were not you, someone may be guessing your password: consider changing it.");
    }

    private static MailMessage withLink(String to, String subject, String name, String lead, String link, String tail) {
        String text = greeting(name) + lead + "\n\n" + link + "\n\n" + tail + "\n\n-- Fluxor Enterprise\n";
        String html = htmlStart(subject, name) + "<p>" + escape(lead) + "</p>\n<p><a href=\"" + escape(link) + "\">"
                + escape(link) + "</a></p>\n<p>" + escape(tail) + "</p>\n" + HTML_END;
        return new MailMessage(to, subject, text, html);
    }

    private static MailMessage notice(String to, String subject, String name, String lead, String tail) {
        String text = greeting(name) + lead + "\n\n" + tail + "\n\n-- Fluxor Enterprise\n";
        String html =
                htmlStart(subject, name) + "<p>" + escape(lead) + "</p>\n<p>" + escape(tail) + "</p>\n" + HTML_END;
        return new MailMessage(to, subject, text, html);
    }

    private static final String HTML_END = "<p>&#8212; Fluxor Enterprise</p>\n</body>\n</html>\n";

    private static String greeting(String name) {
        return "Hello " + WelcomeEmail.plain(name) + ",\n\n";
    }

    private static String htmlStart(String subject, String name) {
        return "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>" + escape(subject)
                + "</title></head>\n<body>\n<p>Hello " + escape(WelcomeEmail.plain(name)) + ",</p>\n";
    }

    /** HTML text and attribute values: the five characters that could end either. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
