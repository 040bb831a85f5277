namespace M3uStrm.Server.Tests.Alerts;

public sealed class AlertsOptionsTests
{
    [Theory]
    [InlineData("Alerts:MaxDeliveryAttempts", "0", "MaxDeliveryAttempts")]
    [InlineData("Alerts:WebhookTimeoutSeconds", "301", "WebhookTimeoutSeconds")]
    public async Task Out_of_range_alert_settings_stop_the_server_naming_the_setting(string key, string value, string named)
    {
        var server = new AlertsServerFactory().With(key, value);
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => ((IAsyncLifetime)server).InitializeAsync());
            Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)server).DisposeAsync();
        }
    }
}
