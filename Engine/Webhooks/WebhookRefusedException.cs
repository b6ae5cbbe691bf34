namespace Decnet.Engine.Webhooks;

/// <summary>The SSRF guard refused a destination (a final outcome: retrying cannot make it public).</summary>
public sealed class WebhookRefusedException(string message) : Exception(message);
