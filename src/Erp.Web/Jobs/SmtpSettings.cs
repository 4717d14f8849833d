using MailKit.Security;

namespace Erp.Web.Jobs;

/// <summary>
/// Configuration section Smtp. Development points at the smtp4dev sink scripts/run.sh starts
/// (127.0.0.1:2525, no TLS); production sets a real relay, its TLS mode and credentials.
/// </summary>
public sealed class SmtpSettings
{
    public const string Section = "Smtp";

    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Tls { get; set; } = SecureSocketOptions.None;

    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender address of invoice e-mails; the display name is the company's.</summary>
    public string From { get; set; } = "invoices@erp.local";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
