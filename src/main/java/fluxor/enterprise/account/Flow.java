package fluxor.enterprise.account;

import fluxor.enterprise.events.Outbox;
import java.time.Clock;

/**
 * What every account flow works with: its SQL, the tokens, the outbox, the limits, settings, metrics, the clock,
 * and {@code wake} (deliver the outbox now, after a flow's transaction committed).
 */
record Flow(
        AccountStore store,
        OneTimeTokens tokens,
        Outbox outbox,
        Limits limits,
        AccountSettings settings,
        AccountMetrics metrics,
        Clock clock,
        Runnable wake) {}
