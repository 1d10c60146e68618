package fluxor.enterprise.users;

import fluxor.enterprise.auth.Caller;
import fluxor.enterprise.auth.PasswordHasher;
import fluxor.enterprise.auth.PasswordPolicy;
import fluxor.enterprise.auth.RefreshTokenRepository;
import fluxor.enterprise.http.AppException;
import fluxor.enterprise.http.FieldError;
import fluxor.enterprise.logging.Audit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The rules about users: who may see and change what. Handlers parse, this decides, the repository stores. */
public final class UserService {
    static final Set<String> KNOWN_ROLES = Set.of(User.USER, User.ADMIN);
    private static final String STALE =
            "The user changed since the version named in If-Match; fetch it again and retry with the new ETag.";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    /** A validated PATCH; absent fields are null. */
    public record Changes(String name, String password, String currentPassword, List<String> roles, Boolean disabled) {
        public Changes {
            roles = roles == null ? null : List.copyOf(roles);
        }
    }

    /**
     * Outbox rows for changes, written in the change's transaction ({@code user.updated}, {@code user.deleted},
     * {@code user.password_changed} beside user.updated when PATCH sets a password), and what runs after such a
     * change committed (wake the outbox worker).
     */
    public record ChangeEvents(
            UserRepository.InSameTransaction updated,
            UserRepository.InSameTransaction deleted,
            UserRepository.InSameTransaction passwordChanged,
            Runnable committed) {
        public static final ChangeEvents NONE = new ChangeEvents((tx, u) -> {}, (tx, u) -> {}, (tx, u) -> {}, () -> {});
    }

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Runnable onRegistered;
    private final UserRepository.InSameTransaction inRegistration;
    private final ChangeEvents changeEvents;

    public UserService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            Clock clock,
            Runnable onRegistered) {
        this(users, refreshTokens, hasher, clock, onRegistered, (tx, u) -> {});
    }

    /**
     * @param onRegistered   runs after a registration committed
     * @param inRegistration runs inside a registration's transaction (API registrations only, not seeding):
     *                       the welcome email's outbox row
     */
    public UserService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            Clock clock,
            Runnable onRegistered,
            UserRepository.InSameTransaction inRegistration) {
        this(users, refreshTokens, hasher, clock, onRegistered, inRegistration, ChangeEvents.NONE);
    }

    public UserService(
            UserRepository users,
            RefreshTokenRepository refreshTokens,
            PasswordHasher hasher,
            Clock clock,
            Runnable onRegistered,
            UserRepository.InSameTransaction inRegistration,
            ChangeEvents changeEvents) {
        this.changeEvents = changeEvents;
        this.onRegistered = onRegistered;
        this.inRegistration = inRegistration;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.clock = clock;
    }

    public User register(String email, String password, String name) {
        return register(email, password, name, List.of(User.USER), inRegistration);
    }

    User register(
            String email, String password, String name, List<String> roles, UserRepository.InSameTransaction alsoDo) {
        String trimmed = email.trim();
        List<FieldError> errors = new ArrayList<>();
        if (!EMAIL.matcher(trimmed).matches() || trimmed.length() > 254) {
            errors.add(new FieldError("email", "must be a valid email address"));
        }
        PasswordPolicy.problem(password).ifPresent(p -> errors.add(new FieldError("password", p)));
        if (name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        if (!errors.isEmpty()) {
            throw new AppException.Validation(errors);
        }
        Instant now = clock.instant();
        User user = User.created(UuidV7.next(), trimmed, name.trim(), hasher.hash(password), roles, now);
        users.insert(user, alsoDo);
        Audit.log("user.registered", "user_id", user.id().toString());
        onRegistered.run();
        return user;
    }

    public User me(Caller caller) {
        return users.findById(caller.id())
                .orElseThrow(() -> new AppException.Unauthorized("The access token is missing, invalid or expired."));
    }

    public List<User> page(Caller caller, UUID after, int limit) {
        return users.page(after, limit);
    }

    /** Non-admins get 403 for any id but their own, whether it exists or not, so ids cannot be probed. */
    public User get(Caller caller, UUID id) {
        requireSelfOrAdmin(caller, id);
        return users.findById(id).orElseThrow(() -> new AppException.NotFound("No user with this id."));
    }

    public User update(Caller caller, UUID id, Changes changes) {
        return update(caller, id, changes, null);
    }

    /** {@code ifMatch}: the request's If-Match (null = none); stale answers 412, checked by the UPDATE itself. */
    User update(Caller caller, UUID id, Changes changes, ETags.Condition ifMatch) {
        requireSelfOrAdmin(caller, id);
        boolean self = caller.id().equals(id);
        if (!caller.isAdmin() && (changes.roles() != null || changes.disabled() != null)) {
            throw new AppException.Forbidden("Only administrators may change roles or the disabled flag.");
        }
        if (changes.password() != null && !self) {
            throw new AppException.Forbidden("A password can only be changed by its owner.");
        }
        User user = users.findById(id)
                .orElseThrow(() -> ifMatch == null
                        ? new AppException.NotFound("No user with this id.")
                        : new AppException.PreconditionFailed(STALE));
        if (ifMatch != null && !ifMatch.matchesStrongly(user)) {
            throw new AppException.PreconditionFailed(STALE);
        }
        Instant now = clock.instant();
        String hash = user.passwordHash();
        if (changes.password() != null) {
            if (changes.currentPassword() == null) {
                throw new AppException.Validation("current_password", "is required to change the password");
            }
            PasswordPolicy.problem(changes.password()).ifPresent(p -> {
                throw new AppException.Validation("password", p);
            });
            if (!hasher.check(changes.currentPassword(), user.passwordHash()).matches()) {
                throw new AppException.Validation("current_password", "is wrong");
            }
            hash = hasher.hash(changes.password());
        }
        List<String> roles = changes.roles() == null ? user.roles() : validRoles(changes.roles());
        if (self && caller.isAdmin() && !roles.contains(User.ADMIN)) {
            throw new AppException.Validation("roles", "administrators cannot demote themselves");
        }
        if (self && caller.isAdmin() && Boolean.TRUE.equals(changes.disabled())) {
            // name the field the client sent: {"disabled":true} alone used to be reported against "roles"
            throw new AppException.Validation("disabled", "administrators cannot disable themselves");
        }
        boolean disabled = changes.disabled() == null ? user.disabled() : changes.disabled();
        String name = changes.name() == null ? user.name() : changes.name().trim();
        // A new password, disabling, or a role taken away (the tokens' roles claim would be stale) ends every
        // session and access token, in the update's transaction (with its user.updated event).
        String endReason = changes.password() != null
                ? "password_changed"
                : disabled && !user.disabled() ? "disabled" : !roles.containsAll(user.roles()) ? "roles_removed" : null;
        long[] ended = {0};
        User updated = users.update(
                        id, name, hash, roles, disabled, now, ifMatch == null ? null : user.version(), (tx, u) -> {
                            changeEvents.updated().run(tx, u);
                            if (changes.password() != null) {
                                changeEvents.passwordChanged().run(tx, u);
                            }
                            if (endReason != null) {
                                ended[0] = refreshTokens.endAllSessions(tx, id, now);
                            }
                        })
                .orElseThrow(() -> ifMatch == null
                        ? new AppException.NotFound("No user with this id.")
                        : new AppException.PreconditionFailed(STALE));
        Audit.log("user.updated", "actor_id", caller.id().toString(), "target_user_id", id.toString());
        changeEvents.committed().run();
        if (endReason != null) {
            Audit.log(
                    "sessions.ended",
                    "user_id",
                    id.toString(),
                    "reason",
                    endReason,
                    "sessions",
                    Long.toString(ended[0]));
        }
        if (changes.password() != null) {
            Audit.log("user.password_changed", "user_id", id.toString());
        }
        if (!roles.equals(user.roles())) {
            Audit.log(
                    "user.roles_changed",
                    "actor_id",
                    caller.id().toString(),
                    "target_user_id",
                    id.toString(),
                    "roles",
                    String.join(",", roles));
        }
        if (disabled != user.disabled()) {
            Audit.log(
                    disabled ? "user.disabled" : "user.enabled",
                    "actor_id",
                    caller.id().toString(),
                    "target_user_id",
                    id.toString());
        }
        return updated;
    }

    public void delete(Caller caller, UUID id) {
        if (caller.id().equals(id)) {
            throw new AppException.Validation("id", "administrators cannot delete themselves");
        }
        Instant now = clock.instant();
        if (!users.delete(id, (tx, u) -> {
            changeEvents.deleted().run(tx, u);
            refreshTokens.recordDeletion(tx, id, now);
        })) {
            throw new AppException.NotFound("No user with this id.");
        }
        changeEvents.committed().run();
        Audit.log("user.deleted", "actor_id", caller.id().toString(), "target_user_id", id.toString());
    }

    private static void requireSelfOrAdmin(Caller caller, UUID id) {
        if (!caller.isAdmin() && !caller.id().equals(id)) {
            throw new AppException.Forbidden("You may only access your own account.");
        }
    }

    private static List<String> validRoles(List<String> roles) {
        List<String> distinct = roles.stream().distinct().sorted().toList();
        if (distinct.isEmpty() || !KNOWN_ROLES.containsAll(distinct)) {
            throw new AppException.Validation(
                    "roles",
                    "must be a non-empty subset of "
                            + KNOWN_ROLES.stream().sorted().toList());
        }
        return distinct;
    }
}
