using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Erp.Data.Audit;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Erp.Data.Migrations;

public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } =
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));
}

public sealed class MigrationChecksumException(string message) : Exception(message);

/// <summary>
/// <paramref name="AppRole"/>: the database role of the application account, granted its rights after every
/// migration (ADR 0012); null when the app and the migrator share one account.
/// </summary>
public sealed record MigratorOptions(string? AppRole = null);

/// <summary>
/// Applies the embedded NNNN_verb_noun.sql scripts in order and records each in
/// schema_migrations with a checksum. Holds a named lock so nodes starting together
/// do not race; MySQL commits DDL implicitly, so every script is small and applied alone.
/// Then the repeatable step: the generated audit triggers (<see cref="AuditInstaller"/>), and the
/// application role's grants. Runs as the owner account (ConnectionStrings:ErpOwner when set).
/// </summary>
public sealed partial class Migrator(MySqlDataSource dataSource, ILogger<Migrator> logger, MigratorOptions? options = null)
{
    // GET_LOCK names are server-wide: the database name keeps two databases on one server (test
    // databases, staging beside production) from waiting on each other's migrations.
    private const string LockName = "CONCAT('erp_schema_migrations:', DATABASE())";

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = AuditInstaller.OpenDdlConnection(dataSource.ConnectionString);
        await connection.OpenAsync(ct);
        var locked = await connection.ExecuteScalarAsync<int?>(
            new CommandDefinition($"SELECT GET_LOCK({LockName}, 120)", cancellationToken: ct));
        if (locked != 1)
        {
            throw new InvalidOperationException("Could not take the migration lock within 120 s.");
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     INT          NOT NULL,
                    name        VARCHAR(200) NOT NULL,
                    checksum    CHAR(64)     NOT NULL,
                    applied_at  DATETIME(6)  NOT NULL,
                    PRIMARY KEY (version)
                ) ENGINE=InnoDB
                """, cancellationToken: ct));

            var applied = (await connection.QueryAsync<(int Version, string Name, string Checksum)>(
                new CommandDefinition("SELECT version, name, checksum FROM schema_migrations", cancellationToken: ct)))
                .ToDictionary(m => m.Version);

            var count = 0;
            foreach (var migration in Embedded)
            {
                if (applied.TryGetValue(migration.Version, out var done))
                {
                    if (done.Checksum != migration.Checksum)
                    {
                        throw new MigrationChecksumException(
                            $"Migration {migration.Version:D4}_{migration.Name} was changed after it was applied " +
                            $"(recorded checksum {done.Checksum}, script {migration.Checksum}). Applied migrations are never edited: add a new one.");
                    }
                    continue;
                }

                logger.LogInformation("Applying migration {Version:D4}_{Name}", migration.Version, migration.Name);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, commandTimeout: 600, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@Version, @Name, @Checksum, UTC_TIMESTAMP(6))",
                    migration, cancellationToken: ct));
                count++;
            }
            await AuditInstaller.EnsureAsync(connection, Embedded[^1].Version, logger, ct);
            if (options?.AppRole is { Length: > 0 } role)
            {
                await AuditInstaller.GrantAsync(connection, role, ct);
            }
            return count;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition($"SELECT RELEASE_LOCK({LockName})", cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>Number of embedded migrations not yet applied; -1 when the table does not exist yet.</summary>
    public async Task<int> PendingCountAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var exists = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'",
            cancellationToken: ct));
        if (exists == 0)
        {
            return Embedded.Count;
        }
        var versions = (await connection.QueryAsync<int>(
            new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
        return Embedded.Count(m => !versions.Contains(m.Version));
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migrator).Assembly;
        const string prefix = "Erp.Data.Migrations.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration file {file} does not follow NNNN_verb_noun.sql.");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var migration = new Migration(int.Parse(match.Groups[1].Value), match.Groups[2].Value, reader.ReadToEnd());
            if (MigrationRules.Check(migration.Version, migration.Sql) is { } problem)
            {
                throw new InvalidOperationException($"Migration {file} {problem}");
            }
            migrations.Add(migration);
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key:D4}.");
        }
        return [.. migrations.OrderBy(m => m.Version)];
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
