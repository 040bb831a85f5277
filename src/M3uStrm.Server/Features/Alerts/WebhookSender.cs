using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace M3uStrm.Server.Features.Alerts;

/// <summary>What one webhook call gave: the HTTP status when there was an answer, or the error.</summary>
public sealed record WebhookResult(bool Ok, int? StatusCode, string? Error, long DurationMs);

/// <summary>The message a webhook receives, whatever its kind.</summary>
public sealed record WebhookMessage(string Event, long? NotificationId, string? Rule, string? Subject, string Severity, string Title, string Message, DateTime CreatedAt);

/// <summary>
/// Posts notifications to webhooks in their kind's shape. Webhook URLs carry tokens: they are encrypted at rest,
/// masked in answers, never logged (the HTTP client has no request logging) and scrubbed from error texts.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IDataProtectionProvider protection)
{
    public const string HttpClientName = "alert-webhooks";

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly IDataProtector protector = protection.CreateProtector("M3uStrm.Webhooks.v1");

    public string Protect(string url) => protector.Protect(url);

    public string Unprotect(string protectedUrl) => protector.Unprotect(protectedUrl);

    /// <summary>Scheme, host and port only: the path and query of Discord/Slack/other webhook URLs are the secret.</summary>
    public static string Mask(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "***";
        }

        var authority = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var hasSecretPart = uri.AbsolutePath.Length > 1 || uri.Query.Length > 0 || uri.UserInfo.Length > 0;
        return $"{uri.Scheme}://{authority}/" + (hasSecretPart ? "***" : "");
    }

    /// <summary>The JSON body for a kind: ours for <c>generic</c>, <c>{"content"}</c> for Discord, <c>{"text"}</c> for Slack.</summary>
    public static string Body(string kind, WebhookMessage message) => kind switch
    {
        WebhookKinds.Discord => JsonSerializer.Serialize(new { content = Truncate(Text(message), 2000) }),
        WebhookKinds.Slack => JsonSerializer.Serialize(new { text = Text(message) }),
        _ => JsonSerializer.Serialize(message, SnakeCase),
    };

    private static string Text(WebhookMessage message)
    {
        var prefix = message.Event switch
        {
            AlertEvents.Opened => $"[M3U-STRM] ALERT ({message.Severity})",
            AlertEvents.Resolved => "[M3U-STRM] RESOLVED",
            _ => "[M3U-STRM] TEST",
        };
        return $"{prefix}: {message.Title}\n{message.Message}";
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    public async Task<WebhookResult> SendAsync(Webhook webhook, WebhookMessage message, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        string url;
        try
        {
            url = Unprotect(webhook.UrlProtected);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return new WebhookResult(false, null, "the stored URL cannot be decrypted (Data Protection keys changed); save the webhook's URL again.", 0);
        }

        try
        {
            using var content = new StringContent(Body(webhook.Kind, message), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await clients.CreateClient(HttpClientName).PostAsync(url, content, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new WebhookResult(true, status, null, watch.ElapsedMilliseconds)
                : new WebhookResult(false, status, $"HTTP {status} {response.ReasonPhrase}", watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            var error = ex is TaskCanceledException && !cancellationToken.IsCancellationRequested ? "timed out" : ex.Message;
            return new WebhookResult(false, null, Scrub(error, url), watch.ElapsedMilliseconds);
        }
    }

    private static string Scrub(string text, string url)
    {
        var scrubbed = text.Replace(url, Mask(url), StringComparison.OrdinalIgnoreCase);
        return scrubbed.Length <= 1000 ? scrubbed : scrubbed[..1000];
    }
}

public static class AlertEvents
{
    public const string Opened = "alert.opened";
    public const string Resolved = "alert.resolved";
    public const string Test = "test";
}
