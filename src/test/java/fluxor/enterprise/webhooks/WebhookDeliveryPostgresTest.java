package fluxor.enterprise.webhooks;

import fluxor.enterprise.TestDatabases;

class WebhookDeliveryPostgresTest extends WebhookDeliveryContract {
    WebhookDeliveryPostgresTest() {
        super(TestDatabases.Kind.POSTGRES);
    }
}
