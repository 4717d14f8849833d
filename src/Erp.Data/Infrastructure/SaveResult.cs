using System.Text.RegularExpressions;
using MySqlConnector;

namespace Erp.Data.Infrastructure;

public enum SaveStatus
{
    Saved,
    Duplicate,
    Conflict,
    NotFound,
}

/// <summary>
/// What a create or an optimistic update did. <see cref="Row"/> is the saved row, or on a
/// <see cref="SaveStatus.Conflict"/> the row as it is stored now; <see cref="DuplicateKey"/> names
/// the unique key that refused the value (the page maps it to its field).
/// </summary>
public sealed record SaveResult<T>(SaveStatus Status, T? Row, string? DuplicateKey) where T : class
{
    public static SaveResult<T> Saved(T row) => new(SaveStatus.Saved, row, null);
    public static SaveResult<T> Duplicate(string key) => new(SaveStatus.Duplicate, null, key);
    public static SaveResult<T> Conflict(T current) => new(SaveStatus.Conflict, current, null);
    public static SaveResult<T> NotFound() => new(SaveStatus.NotFound, null, null);
}

public static partial class UniqueKey
{
    /// <summary>
    /// The unique key a duplicate-key error names ("for key 'ux_x'" on MariaDB, "for key 'table.ux_x'"
    /// on MySQL 8), or null for any other error. The database is the judge of uniqueness: a check
    /// before the INSERT would still lose a race.
    /// </summary>
    public static string? Violated(MySqlException e)
    {
        if (e.ErrorCode != MySqlErrorCode.DuplicateKeyEntry)
        {
            return null;
        }
        var match = KeyName().Match(e.Message);
        return match.Success ? match.Groups[1].Value : string.Empty;
    }

    /// <summary>Runs a write and turns a duplicate-key refusal (the transaction rolled back) into a result.</summary>
    public static async Task<SaveResult<T>> CatchDuplicateAsync<T>(Func<Task<SaveResult<T>>> write) where T : class
    {
        try
        {
            return await write();
        }
        catch (MySqlException e) when (Violated(e) is { } key)
        {
            return SaveResult<T>.Duplicate(key);
        }
    }

    [GeneratedRegex("for key '(?:[^'.]+\\.)?([^']+)'")]
    private static partial Regex KeyName();
}
