package fluxor.enterprise.webhooks;

import fluxor.enterprise.TestDatabases;

class WebhookDeliveryH2Test extends WebhookDeliveryContract {
    WebhookDeliveryH2Test() {
        super(TestDatabases.Kind.H2);
    }
}
