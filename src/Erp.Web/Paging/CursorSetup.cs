using System.Security.Cryptography;
using Erp.Web.Paging;

namespace Erp.Web.Paging;

public static class CursorSetup
{
    /// <summary>
    /// Cursor:SigningKey is required in Production (every node must share it). Elsewhere a random
    /// key is generated per process, and the log says so: cursors then die with a restart.
    /// </summary>
    public static void AddCursorCodec(this WebApplicationBuilder builder)
    {
        var key = builder.Configuration[CursorCodec.ConfigKey];
        if (string.IsNullOrWhiteSpace(key))
        {
            if (builder.Environment.IsProduction())
            {
                throw new InvalidOperationException(
                    $"{CursorCodec.ConfigKey} is not set (env var Cursor__SigningKey, at least 32 characters shared by every node).");
            }
            key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            builder.Services.AddHostedService<GeneratedKeyNotice>();
        }
        builder.Services.AddSingleton(new CursorCodec(key));
    }

    private sealed class GeneratedKeyNotice(ILogger<CursorCodec> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("{Key} is not set: generated a random signing key for this process. " +
                              "List cursors stop working after a restart and across nodes; set it outside Development.", CursorCodec.ConfigKey);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
