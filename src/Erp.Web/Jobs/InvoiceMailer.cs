using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Erp.Web.Jobs;

/// <summary>Sends one message over SMTP with MailKit (configuration section Smtp).</summary>
public sealed class InvoiceMailer(IOptions<SmtpSettings> settings)
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = settings.Value;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Tls, ct);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
