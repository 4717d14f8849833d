using Erp.Data.Migrations;

namespace Erp.Web.Hosting;

/// <summary>Runs before Kestrel starts listening, so no request meets an old schema.</summary>
public sealed class MigrateOnStartup(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
